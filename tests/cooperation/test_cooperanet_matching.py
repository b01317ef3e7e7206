"""Matching of offers and demands: the order on a small labelled set of
made-up pairs, the reasons in plain words, and telling both sides once."""

import pytest
from django.core import mail
from django.utils import translation

from accounts.models import SubRegion
from cooperation.models import Match, MatchNotice, Posting, PostingKind, PostingState
from cooperation.services import cooperanet as services
from cooperation.services.matching import compute_matches, notify_strong_matches
from tests.factories import MemberStateFactory

from .factories import PostingFactory, SdgGoalFactory, SdgTargetFactory, SectorFactory

pytestmark = pytest.mark.django_db


def published(kind, country, title, sectors, **fields):
    return PostingFactory(
        kind=kind,
        country=country,
        state=PostingState.PUBLISHED,
        title=title,
        sectors=sectors,
        **fields,
    )


@pytest.fixture
def labelled(jamaica, mexico):
    """Two demands, each with one offer made for it and offers that fit
    worse or not at all."""
    barbados = MemberStateFactory(iso3="BRB", iso2="BB", subregion=SubRegion.CARIBBEAN)
    chile = MemberStateFactory(iso3="CHL", iso2="CL", subregion=SubRegion.SOUTH_AMERICA)
    water = SectorFactory(code="14010", name_en="Water sector policy")
    teacher = SectorFactory(code="11130", name_en="Teacher training")
    policy = SectorFactory(code="15110", name_en="Public sector policy")
    goal6 = SdgGoalFactory(code="6")
    goal4 = SdgGoalFactory(code="4")
    target61 = SdgTargetFactory(goal=goal6, code="6.1")

    water_demand = published(
        PostingKind.DEMAND,
        jamaica,
        "Integrated water resources management",
        [water],
        sdg_goals=[goal6],
        sdg_targets=[target61],
        modality="technical_assistance",
        working_languages=["en"],
    )
    teacher_demand = published(
        PostingKind.DEMAND,
        mexico,
        "Formación de docentes rurales",
        [teacher],
        sdg_goals=[goal4],
        modality="training_course",
        working_languages=["es"],
        language="es",
    )
    offers = {
        "water_good": published(
            PostingKind.OFFER,
            barbados,
            "Integrated water resources management advice",
            [water, policy],
            sdg_goals=[goal6],
            sdg_targets=[target61],
            modality="technical_assistance",
            working_languages=["en", "es"],
        ),
        "water_far_spanish": published(
            PostingKind.OFFER,
            chile,
            "Gestión de cuencas",
            [water],
            modality="study_visit",
            working_languages=["es"],
            language="es",
        ),
        "teacher_good": published(
            PostingKind.OFFER,
            chile,
            "Formación de docentes rurales a distancia",
            [teacher],
            sdg_goals=[goal4],
            modality="training_course",
            working_languages=["es"],
            language="es",
        ),
        "teacher_english_only": published(
            PostingKind.OFFER,
            barbados,
            "Teacher exchange",
            [teacher],
            modality="expert_exchange",
            working_languages=["en"],
        ),
        "unrelated": published(
            PostingKind.OFFER,
            barbados,
            "Public procurement reform",
            [policy],
            modality="financial",
            working_languages=["en"],
        ),
    }
    return {"water": water_demand, "teacher": teacher_demand, **offers}


def ranking(demand):
    return list(
        Match.objects.filter(demand=demand)
        .order_by("-score", "pk")
        .values_list("offer__title", flat=True)
    )


def test_good_pairs_rank_above_bad_ones(labelled):
    compute_matches(None)
    water = ranking(labelled["water"])
    teacher = ranking(labelled["teacher"])
    assert water[0] == labelled["water_good"].title
    assert water.index(labelled["water_good"].title) < water.index(
        labelled["water_far_spanish"].title
    )
    assert teacher[0] == labelled["teacher_good"].title
    assert labelled["unrelated"].title not in water + teacher


def test_reasons_in_plain_words(labelled):
    compute_matches(None)
    match = Match.objects.get(demand=labelled["water"], offer=labelled["water_good"])
    with translation.override("en"):
        texts = match.reason_texts()
    assert "same sector 14010" in texts
    assert "both can work in English" in texts
    assert "provider in the same sub-region (Caribbean)" in texts
    assert "shared Sustainable Development Goal 6" in texts


def test_recompute_for_one_posting_keeps_the_others(labelled):
    compute_matches(None)
    before = Match.objects.count()
    compute_matches([labelled["water"].pk])
    assert Match.objects.count() == before


def test_withdrawn_records_leave_the_matches(labelled, alice):
    compute_matches(None)
    services.withdraw_posting(actor=alice, posting=labelled["water"])
    assert not Match.objects.filter(demand=labelled["water"]).exists()


def test_strong_match_is_told_once_to_both_sides(labelled, alice, bob):
    compute_matches(None)
    strong = Match.objects.filter(score__gte=services.STRONG_MATCH_SCORE)
    assert strong.exists()
    mail.outbox.clear()
    notify_strong_matches(None)
    first = MatchNotice.objects.count()
    notify_strong_matches(None)
    compute_matches(None)
    notify_strong_matches(None)
    assert MatchNotice.objects.count() == first == strong.count()


def test_notice_mail_goes_to_both_countries_after_commit(
    labelled, alice, bob, django_capture_on_commit_callbacks
):
    compute_matches(None)
    match = Match.objects.get(
        demand=labelled["teacher"], offer=labelled["teacher_good"]
    )
    with django_capture_on_commit_callbacks() as callbacks:
        assert services.notify_new_match(match)
    # The outbox row's delivery is queued only on commit.
    assert callbacks
    deliver_match_notices()
    assert "bob@mexico.example" in {address for m in mail.outbox for address in m.to}
    assert all("Formación de docentes" in m.subject for m in mail.outbox)
    sent = len(mail.outbox)
    with django_capture_on_commit_callbacks() as callbacks:
        assert not services.notify_new_match(match)
    assert not callbacks
    deliver_match_notices()
    assert len(mail.outbox) == sent


def deliver_match_notices() -> None:
    """Run the deliveries the commit would have queued (no worker here)."""
    from notifications.models import EmailStatus, Notification
    from notifications.tasks import deliver_notification

    pending = Notification.objects.filter(
        kind="cooperanet_match", email_status=EmailStatus.PENDING
    )
    for notification_id in pending.values_list("pk", flat=True):
        deliver_notification.apply(args=[notification_id])


def test_matches_shown_with_reasons_on_the_record(client, labelled, alice):
    compute_matches(None)
    client.force_login(alice)
    response = client.get(labelled["water"].get_absolute_url())
    content = response.content.decode()
    assert labelled["water_good"].title in content
    assert "same sector 14010 Water sector policy" in content


def test_done_when_scenario(
    client, alice, bob, staff, django_capture_on_commit_callbacks
):
    """Alice posts a demand in Spanish, staff publish it, Bob publishes a
    fitting offer; both see the match with its reasons and are told."""
    sector = SectorFactory(code="15110", name_en="Public sector policy")
    client.force_login(alice)
    client.post(
        "/cooperanet/new/demand/",
        {
            "title": "Modernización de la gestión pública",
            "description": "Necesitamos apoyo para modernizar la gestión pública.",
            "language": "es",
            "modality": "technical_assistance",
            "working_languages": ["es"],
            "sectors": ["15110"],
            "submit": "1",
        },
    )
    demand = Posting.objects.get(kind=PostingKind.DEMAND)
    offer = PostingFactory(
        kind=PostingKind.OFFER,
        country=bob.role_memberships.get().country,
        state=PostingState.SUBMITTED,
        title="Modernización de la gestión pública local",
        language="es",
        working_languages=["es", "en"],
        sectors=[sector],
    )
    mail.outbox.clear()
    # The publication queues the matching job; run its work here.
    for posting in (demand, offer):
        with django_capture_on_commit_callbacks():
            services.publish_posting(actor=staff, posting=posting)
    compute_matches([demand.pk, offer.pk])
    with django_capture_on_commit_callbacks():
        notify_strong_matches([demand.pk, offer.pk])
    deliver_match_notices()

    assert {address for message in mail.outbox for address in message.to} >= {
        "alice@jamaica.example",
        "bob@mexico.example",
    }
    for user, record in ((alice, demand), (bob, offer)):
        client.force_login(user)
        content = client.get(record.get_absolute_url()).content.decode()
        assert "same sector 15110 Public sector policy" in content
        assert "both can work in Spanish" in content


def test_reasons_read_in_the_reader_language(labelled):
    compute_matches(None)
    match = Match.objects.get(demand=labelled["water"], offer=labelled["water_good"])
    with translation.override("es"):
        texts = match.reason_texts()
    assert "mismo sector 14010" in texts
    assert "ambos pueden trabajar en inglés" in texts


def test_a_posting_keeps_its_best_matches_only(labelled, monkeypatch):
    from cooperation.services import matching

    monkeypatch.setattr(matching, "MATCHES_PER_POSTING", 1)
    compute_matches([labelled["water"].pk])
    assert ranking(labelled["water"]) == [labelled["water_good"].title]


def test_task_recomputes_and_tells_once(labelled, alice, bob):
    from cooperation.tasks import recompute_matches

    demand_id = labelled["water"].pk
    assert recompute_matches.apply(args=[[demand_id]]).get() > 0
    notices = MatchNotice.objects.count()
    recompute_matches.apply(args=[[demand_id]]).get()
    assert MatchNotice.objects.count() == notices


def test_nightly_schedule_is_in_the_database():
    from django_celery_beat.models import PeriodicTask

    from notifications.schedules import setup_schedules

    setup_schedules()

    task = PeriodicTask.objects.get(task="cooperation.recompute_all_matches")
    assert (task.crontab.hour, task.crontab.minute) == ("2", "30")


def test_a_match_notice_is_a_notification_in_each_recipient_language(
    labelled, alice, bob, django_capture_on_commit_callbacks
):
    from notifications.models import Notification
    from notifications.tasks import deliver_notification

    bob.preferred_language = "es"
    bob.save(update_fields=["preferred_language"])
    compute_matches(None)
    match = Match.objects.get(
        demand=labelled["teacher"], offer=labelled["teacher_good"]
    )
    with django_capture_on_commit_callbacks(execute=False):
        assert services.notify_new_match(match)
        assert not services.notify_new_match(match)
    notices = Notification.objects.filter(kind="cooperanet_match")
    assert bob in {notice.recipient for notice in notices}
    assert notices.filter(recipient=bob).count() == 1
    notice = notices.get(recipient=bob)
    assert notice.language == "es"
    mail.outbox.clear()
    deliver_notification.apply(args=[notice.pk])
    assert mail.outbox[0].to == ["bob@mexico.example"]
    assert "CooperaNet" in mail.outbox[0].subject

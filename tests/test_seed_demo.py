"""``manage.py seed_demo``: what scale 1 creates, that the access rules
still hold on it, and that a second run adds nothing.

Seeding takes a few seconds, so it runs once for the module inside a
transaction rolled back at the end (as ``tests/reference/fixtures.py``
does); each test still runs in its own savepoint. The refusals come first
in the file: they need a database without the seeded rows.
"""

from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from accounts.models import RoleMembership, User
from cooperation.models import (
    ActionStep,
    Activity,
    Connection,
    GoodPractice,
    Match,
    Posting,
    PostingEvent,
    PostingState,
    StepStatus,
)
from funds.models import Contribution, Fund, LedgerEntry, Proposal, ProposalStatus

WORKPLAN = "data/breakout-sessions-results.txt"


def seed(**options) -> str:
    out = StringIO()
    call_command("seed_demo", force=True, stdout=out, **options)
    return out.getvalue()


@pytest.mark.django_db
def test_refuses_with_debug_off_unless_forced(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DJANGO_DEBUG off"):
        call_command("seed_demo", stdout=StringIO())


@pytest.mark.django_db
def test_refuses_and_names_the_commands_when_reference_data_is_missing():
    with pytest.raises(CommandError) as refusal:
        seed()
    assert "load_reference_data" in str(refusal.value)
    assert "import_workplan" in str(refusal.value)
    assert not User.objects.exists()


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """Reference data, the work plan and the demo at scale 1; the command's
    output."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        call_command("load_reference_data", stdout=StringIO())
        call_command("import_workplan", WORKPLAN, stdout=StringIO())
        output = seed(scale=1, seed=7)
    yield output
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)


def test_scale_one_seeds_focal_points_of_a_dozen_member_states(seeded, db):
    focal_points = RoleMembership.objects.filter(role="national_focal_point")
    assert focal_points.values("country").distinct().count() == 12
    assert User.objects.filter(email__endswith="@demo.iacd.example").count() == 16


def test_scale_one_has_postings_in_every_state_and_four_languages(seeded, db):
    states = set(Posting.objects.values_list("state", flat=True))
    assert states == set(PostingState.values)
    languages = set(Posting.objects.values_list("language", flat=True))
    assert languages == {"en", "es", "pt", "fr"}
    # 17 showcase rows (one is a second version) and 30 bulk ones.
    assert Posting.objects.count() == 47
    assert Connection.objects.count() == 3
    assert Match.objects.exists()


def test_showcase_postings_have_the_history_of_their_transitions(seeded, db):
    completed = Posting.objects.offers().get(state=PostingState.COMPLETED)
    actions = list(
        PostingEvent.objects.filter(posting=completed)
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions[0] == "created"
    assert {"submitted", "published", "matched", "started", "completed"} <= set(actions)


def test_scale_one_seeds_activities_practices_and_work_plan(seeded, db):
    assert Activity.objects.count() == 8
    assert set(GoodPractice.objects.values_list("status", flat=True)) == {
        "draft",
        "submitted",
        "published",
    }
    followed = ActionStep.objects.exclude(status=StepStatus.NOT_STARTED)
    assert followed.count() == 12
    assert followed.filter(status=StepStatus.IN_PROGRESS, due_date__isnull=False)


def test_scale_one_seeds_the_fund_its_money_and_a_cycle(seeded, db):
    umbrella = Fund.objects.get(code="dcf-demo")
    assert umbrella.sub_funds.count() == 1
    currencies = set(Contribution.objects.values_list("currency__code", flat=True))
    assert {"USD", "CAD", "MXN", "BRL", "EUR"} <= currencies
    assert Contribution.objects.count() == 15
    assert LedgerEntry.objects.filter(kind="icr_charged").exists()
    assert umbrella.balances()["available"] > 0
    statuses = set(Proposal.objects.values_list("status", flat=True))
    assert {
        ProposalStatus.DRAFT,
        ProposalStatus.EVALUATED,
        ProposalStatus.APPROVED,
        ProposalStatus.IN_EXECUTION,
    } <= statuses
    multi_country = Proposal.objects.get(status=ProposalStatus.IN_EXECUTION)
    assert multi_country.beneficiary_countries.count() == 3


def test_bob_does_not_see_jamaicas_drafts_after_seeding(seeded, bob):
    drafts = Posting.objects.filter(country__iso3="JAM", state=PostingState.DRAFT)
    assert drafts.count() == 2
    assert not Posting.objects.visible_to(bob).filter(pk__in=drafts).exists()
    assert not Proposal.objects.visible_to(bob).filter(country__iso3="JAM").exists()


def test_a_second_run_adds_nothing(seeded, db):
    models = [model for model in apps.get_models() if not model._meta.proxy]
    before = {model: model._default_manager.count() for model in models}

    output = seed(scale=1, seed=7)

    assert "nothing added" in output
    assert {model: model._default_manager.count() for model in models} == before

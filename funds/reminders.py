"""Notification and reminder kinds of the funds (declared here, registered by
``FundsConfig.ready``): cycle deadlines, reports owed by projects and pledges
not received."""

from datetime import date, timedelta

from django.db.models import F
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.roles import COUNTRY_ROLES, Role
from notifications.digests import change_source, open_item_source
from notifications.kinds import NotificationKind, register_kind
from notifications.reminders.base import Due, ReminderKind, Rule, register
from notifications.reminders.kinds import staff_users

from .models import Contribution, ProgrammingCycle, ProposalEvent, ReportDueDate
from .models.ledger import ContributionStatus
from .money import round_money

register_kind(
    NotificationKind(
        name="fund_cycle_deadline",
        label=_("Fund cycle deadlines"),
        subject=_("%(cycle)s: %(deadline)s on %(due_date)s"),
        body=_("The %(deadline)s of the cycle %(cycle)s is on %(due_date)s."),
    )
)
register_kind(
    NotificationKind(
        name="fund_report_due",
        label=_("Project reports due and overdue"),
        subject=_("%(report)s of “%(project)s” due on %(due_date)s"),
        body=_(
            "The %(report)s of the project “%(project)s” is due on "
            "%(due_date)s and has not been submitted."
        ),
    )
)
register_kind(
    NotificationKind(
        name="pledge_overdue",
        label=_("Pledged contributions not received"),
        subject=_("Contribution to %(fund)s not received yet"),
        body=_(
            "The contribution of %(contributor)s to %(fund)s, %(amount)s "
            "%(currency)s pledged on %(pledged_on)s, has not been fully "
            "received."
        ),
    )
)


def users_with_role(role: str, **filters):
    """Active holders of ``role`` (optionally for one country)."""
    return User.objects.filter(
        is_active=True,
        role_memberships__role=role,
        **{f"role_memberships__{name}": value for name, value in filters.items()},
    ).distinct()


def focal_points_of(country):
    return User.objects.filter(
        is_active=True,
        role_memberships__role__in=sorted(COUNTRY_ROLES),
        role_memberships__country=country,
    ).distinct()


def _window(today: date, rule: Rule) -> tuple[date, date]:
    """Due dates for which some offset may fall due today."""
    return (
        today - timedelta(days=max(rule.offsets) + rule.catch_up_days),
        today - timedelta(days=min(rule.offsets)),
    )


def _recipients(*querysets) -> list:
    users = {user.pk: user for queryset in querysets for user in queryset}
    return [users[pk] for pk in sorted(users)]


class CycleDeadline(ReminderKind):
    """A deadline of a programming cycle; subclasses name the column and
    who is reminded."""

    notification_kind = "fund_cycle_deadline"
    default_offsets = (-14, -3)
    field: str
    label: str

    def due_items(self, today: date, rule: Rule):
        earliest, latest = _window(today, rule)
        cycles = ProgrammingCycle.objects.select_related("fund")
        if self.field == "proposal_deadline":
            cycles = cycles.filter(proposal_deadline__date__range=(earliest, latest))
        else:
            cycles = cycles.filter(**{f"{self.field}__range": (earliest, latest)})
        for cycle in cycles:
            due_date = getattr(cycle, self.field)
            if hasattr(due_date, "date"):
                due_date = due_date.date()
            for user in self.recipients(cycle):
                yield Due(user, cycle, due_date)

    def recipients(self, cycle) -> list:
        raise NotImplementedError

    def context(self, due: Due) -> dict:
        with translation.override(due.recipient.preferred_language or "en"):
            deadline = str(self.label)
        return {"cycle": due.record.name, "deadline": deadline}


@register
class CycleCallDeadline(CycleDeadline):
    """The call's deadline for proposals, to every national focal point (any
    member state may propose), fund managers and staff."""

    name = "fund_cycle_call_deadline"
    field = "proposal_deadline"
    label = _("deadline for proposals")

    def recipients(self, cycle) -> list:
        return _recipients(
            users_with_role(Role.NATIONAL_FOCAL_POINT),
            users_with_role(Role.FUND_MANAGER),
            staff_users(),
        )


@register
class CycleEvaluationDeadline(CycleDeadline):
    """The evaluation deadline, to the cycle's reviewers who have not scored
    all their proposals, fund managers and staff."""

    name = "fund_cycle_evaluation_deadline"
    field = "evaluation_deadline"
    label = _("deadline for evaluation")

    def recipients(self, cycle) -> list:
        reviewers = User.objects.filter(
            is_active=True,
            review_assignments__proposal__cycle=cycle,
            review_assignments__scored_at__isnull=True,
            review_assignments__has_conflict=False,
        ).distinct()
        return _recipients(reviewers, users_with_role(Role.FUND_MANAGER), staff_users())


@register
class CycleDecisionDeadline(CycleDeadline):
    """The Board's decision deadline, to fund managers and staff."""

    name = "fund_cycle_decision_deadline"
    field = "decision_deadline"
    label = _("deadline for the Board's decision")

    def recipients(self, cycle) -> list:
        return _recipients(users_with_role(Role.FUND_MANAGER), staff_users())


@register
class ProjectReportDue(ReminderKind):
    """Progress, financial and final reports coming due and overdue, to the
    project country's focal points and fund managers."""

    name = "fund_report_due"
    notification_kind = "fund_report_due"
    default_offsets = (-14, -1, 1, 14)

    def due_items(self, today: date, rule: Rule):
        reports = (
            ReportDueDate.objects.dangerously_unscoped()
            .outstanding()
            .filter(due_on__range=_window(today, rule))
            .select_related("proposal__country")
        )
        managers = list(users_with_role(Role.FUND_MANAGER))
        for report in reports:
            country = report.proposal.country
            for user in _recipients(focal_points_of(country), managers):
                yield Due(user, report, report.due_on)

    def context(self, due: Due) -> dict:
        with translation.override(due.recipient.preferred_language or "en"):
            report = str(due.record.get_kind_display())
        return {"report": report, "project": due.record.proposal.title[:120]}


@register
class PledgeOverdue(ReminderKind):
    """Pledged contributions not (fully) received ``threshold_days`` after
    the pledge, to the contributing state's focal points and fund managers.

    A contribution stores no due date of its own; the pledge date plus the
    threshold (editable by staff) stands for it.
    """

    name = "pledge_overdue"
    notification_kind = "pledge_overdue"
    default_offsets = (0, 30)
    default_threshold_days = 90

    def due_items(self, today: date, rule: Rule):
        threshold = timedelta(days=rule.threshold_days or 90)
        earliest, latest = _window(today, rule)
        contributions = (
            Contribution.objects.dangerously_unscoped()
            .filter(
                status__in=[
                    ContributionStatus.PLEDGED,
                    ContributionStatus.PARTLY_RECEIVED,
                ],
                pledged_on__range=(earliest - threshold, latest - threshold),
            )
            .select_related(
                "fund", "currency", "contributor_state", "contributor_organisation"
            )
            .order_by(F("pledged_on"), "pk")
        )
        managers = list(users_with_role(Role.FUND_MANAGER))
        for contribution in contributions:
            focal_points = (
                focal_points_of(contribution.contributor_state)
                if contribution.contributor_state_id
                else []
            )
            for user in _recipients(focal_points, managers):
                yield Due(user, contribution, contribution.pledged_on + threshold)

    def context(self, due: Due) -> dict:
        contribution = due.record
        return {
            "fund": str(contribution.fund),
            "contributor": str(contribution.contributor),
            "amount": str(round_money(contribution.amount, contribution.currency)),
            "currency": contribution.currency.code,
            "pledged_on": contribution.pledged_on.isoformat(),
        }


# Digest lines ----------------------------------------------------------------


@change_source
def proposal_changes(since, until) -> list[str]:
    events = (
        ProposalEvent.objects.filter(created_at__gte=since, created_at__lt=until)
        .select_related("proposal__country")
        .order_by("created_at", "pk")
    )
    return [
        gettext("Proposal “%(title)s” (%(country)s): %(status)s")
        % {
            "title": event.proposal.title[:120],
            "country": event.proposal.country.iso3,
            "status": event.get_to_status_display(),
        }
        for event in events
    ]


@open_item_source
def reports_owed(state, today: date) -> list[str]:
    """Reports ``state``'s projects owe, overdue or due within a month."""
    reports = (
        ReportDueDate.objects.dangerously_unscoped()
        .outstanding()
        .filter(proposal__country=state, due_on__lte=today + timedelta(days=31))
        .select_related("proposal")
    )
    return [
        gettext("%(report)s of “%(project)s” is due on %(date)s")
        % {
            "report": report.get_kind_display(),
            "project": report.proposal.title[:120],
            "date": report.due_on.isoformat(),
        }
        for report in reports
    ]


@open_item_source
def pledges_outstanding(state, today: date) -> list[str]:
    """Contributions ``state`` pledged and has not fully paid."""
    contributions = (
        Contribution.objects.dangerously_unscoped()
        .filter(
            contributor_state=state,
            status__in=[ContributionStatus.PLEDGED, ContributionStatus.PARTLY_RECEIVED],
        )
        .select_related("fund", "currency")
        .order_by("pledged_on", "pk")
    )
    return [
        gettext(
            "Contribution to %(fund)s of %(amount)s %(currency)s pledged on "
            "%(date)s: %(status)s"
        )
        % {
            "fund": contribution.fund.name,
            "amount": round_money(contribution.amount, contribution.currency),
            "currency": contribution.currency.code,
            "date": contribution.pledged_on.isoformat(),
            "status": contribution.get_status_display(),
        }
        for contribution in contributions
    ]

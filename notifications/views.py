"""Pages of notifications: the user's list and preferences, and the
administrators' operations page."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import access_for, get_for_user

from .forms import PreferencesForm, ReminderRuleForm, RunReminderForm
from .models import (
    EmailStatus,
    Notification,
    NotificationPreference,
    ReminderRule,
    TaskFailure,
)
from .reminders.base import REMINDERS
from .services import delivery
from .services.notify import mark_all_read, mark_read, set_preference
from .services.reminder_rules import RULE_FIELDS, update_reminder_rule
from .unread import unread_count

# A claim older than this with no outcome means its worker died mid-send.
STUCK_AFTER = timedelta(minutes=15)


@login_required
def notification_list(request):
    """The user's notifications, newest first, 25 a page."""
    queryset = Notification.objects.visible_to(request.user).only(
        "kind", "context", "url", "created_at", "read_at"
    )
    page = Paginator(queryset, 25).get_page(request.GET.get("page"))
    return render(request, "notifications/list.html", {"page": page})


def bell(request):
    """The bell with the unread count, loaded by htmx after the page, so
    that no page pays for it in its own queries."""
    unread = unread_count(request.user) if request.user.is_authenticated else 0
    return render(request, "notifications/bell.html", {"unread": unread})


@login_required
@require_POST
def notification_read(request, pk: int):
    """Mark one notification read, then follow its link if asked to."""
    notification = get_for_user(Notification, request.user, pk=pk)
    mark_read(actor=request.user, notification=notification)
    target = notification.url if "open" in request.POST else ""
    if target and url_has_allowed_host_and_scheme(target, None):
        return redirect(target)
    return redirect("notifications:list")


@login_required
@require_POST
def notification_read_all(request):
    count = mark_all_read(actor=request.user)
    messages.success(
        request, _("%(count)d notifications marked read.") % {"count": count}
    )
    return redirect("notifications:list")


@login_required
def preferences(request):
    """Per kind: immediately, daily or weekly digest, or off."""
    current = dict(
        NotificationPreference.objects.filter(user=request.user).values_list(
            "kind", "delivery"
        )
    )
    form = PreferencesForm(request.POST or None, current=current)
    if request.method == "POST" and form.is_valid():
        try:
            for name, field in form.fields.items():
                if not field.disabled and form.cleaned_data[name]:
                    set_preference(
                        actor=request.user, kind=name, delivery=form.cleaned_data[name]
                    )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your choices are saved."))
            return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})


def _require_staff(user) -> None:
    if not access_for(user).is_staff_member:
        raise PermissionDenied


@login_required
def reminder_rules(request):
    """Every reminder kind with when it fires; IACD staff change them here."""
    _require_staff(request.user)
    stored = {rule.kind: rule for rule in ReminderRule.objects.all()}
    rows = []
    for name in sorted(REMINDERS):
        kind = REMINDERS[name]
        rows.append(
            {
                "kind": name,
                "description": (kind.__doc__ or "").strip().split("\n")[0],
                "rule": stored.get(name),
                "defaults": kind.default_offsets,
            }
        )
    return render(request, "notifications/reminder_rules.html", {"rows": rows})


@login_required
def reminder_rule_edit(request, kind: str):
    """Change the offsets and thresholds of one reminder kind."""
    _require_staff(request.user)
    if kind not in REMINDERS:
        raise Http404
    reminder = REMINDERS[kind]
    rule = ReminderRule.objects.filter(kind=kind).first() or ReminderRule(
        kind=kind,
        offsets=list(reminder.default_offsets),
        threshold_days=reminder.default_threshold_days,
        catch_up_days=reminder.default_catch_up_days,
    )
    form = ReminderRuleForm(request.POST or None, instance=rule)
    if request.method == "POST" and form.is_valid():
        try:
            update_reminder_rule(
                actor=request.user,
                kind=kind,
                **{field: form.cleaned_data[field] for field in RULE_FIELDS},
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The reminder settings are saved."))
            return redirect("notifications:reminder-rules")
    return render(
        request,
        "notifications/reminder_rule_form.html",
        {"form": form, "kind": kind},
    )


def _require_administrator(user) -> None:
    # The queue shows every user's delivery state: administrators only.
    if not (user.is_authenticated and user.is_superuser):
        raise PermissionDenied


@login_required
def operations(request):
    """Scheduled jobs, recent failures with their errors, stuck sends, and a
    form to run a reminder kind now."""
    _require_administrator(request.user)
    from django_celery_beat.models import PeriodicTask

    from reports.models import ReportJob, ReportStatus

    now = timezone.now()
    context = {
        "periodic_tasks": PeriodicTask.objects.select_related(
            "crontab", "interval"
        ).order_by("name"),
        "failed_notifications": Notification.objects.dangerously_unscoped()
        .filter(email_status=EmailStatus.FAILED)
        .only("pk", "kind", "recipient_id", "last_error", "attempts", "created_at")
        .order_by("-created_at")[:50],
        "retrying_notifications": Notification.objects.dangerously_unscoped()
        .filter(email_status=EmailStatus.PENDING, attempts__gt=0)
        .only("pk", "kind", "recipient_id", "last_error", "attempts", "created_at")
        .order_by("-created_at")[:50],
        "stuck_notifications": Notification.objects.dangerously_unscoped()
        .filter(email_status=EmailStatus.SENDING, claimed_at__lt=now - STUCK_AFTER)
        .only("pk", "kind", "recipient_id", "claimed_at")
        .order_by("claimed_at")[:50],
        "failed_reports": ReportJob.objects.dangerously_unscoped()
        .filter(status=ReportStatus.FAILED)
        .only("pk", "kind", "requested_by_id", "error", "created_at")
        .order_by("-created_at")[:50],
        "task_failures": TaskFailure.objects.all()[:50],
        "pending_count": Notification.objects.dangerously_unscoped()
        .due_for_email(now)
        .count(),
        "run_form": RunReminderForm(),
    }
    return render(request, "notifications/operations.html", context)


@login_required
@require_POST
def run_reminder_now(request):
    """Queue one reminder kind to run now."""
    _require_administrator(request.user)
    from .tasks import enqueue, run_reminder_kind

    form = RunReminderForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("There is no such reminder kind."))
    elif enqueue(run_reminder_kind, form.cleaned_data["kind"]):
        messages.success(
            request,
            _("The reminders %(kind)s are queued.")
            % {"kind": form.cleaned_data["kind"]},
        )
    else:
        messages.error(request, _("The queue does not answer; try again shortly."))
    return redirect("notifications:operations")


@login_required
@require_POST
def release_notification(request, pk: int):
    """Send a stuck or failed notification again, after checking by hand."""
    _require_administrator(request.user)
    notification = Notification.objects.dangerously_unscoped().filter(pk=pk).first()
    if notification is None:
        raise Http404
    delivery.release_stuck(actor=request.user, notification=notification)
    messages.success(request, _("The notification is queued again."))
    return redirect("notifications:operations")

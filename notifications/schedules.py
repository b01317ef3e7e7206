"""The periodic jobs of the portal, as rows of django-celery-beat.

``setup_schedules`` creates a missing row and leaves an existing one alone,
so an administrator's change of a schedule survives every deployment.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Schedule:
    name: str
    task: str
    crontab: dict
    args: tuple = ()


def declared_schedules() -> list[Schedule]:
    from .reminders.base import REMINDERS

    schedules = [
        Schedule(
            "Send outbox e-mails missed at commit time",
            "notifications.tasks.sweep_outbox",
            {"minute": "*"},
        ),
        Schedule(
            "Daily notification digests",
            "notifications.tasks.send_digests",
            {"minute": "0", "hour": "6"},
            ("daily",),
        ),
        Schedule(
            "Weekly notification digests",
            "notifications.tasks.send_digests",
            {"minute": "0", "hour": "6", "day_of_week": "1"},
            ("weekly",),
        ),
        Schedule(
            "Weekly summary of changes to IACD staff",
            "notifications.tasks.send_staff_weekly_digest",
            {"minute": "30", "hour": "5", "day_of_week": "1"},
        ),
        Schedule(
            "Monthly summary of open items to focal points",
            "notifications.tasks.send_focal_point_monthly_digest",
            {"minute": "30", "hour": "5", "day_of_month": "1"},
        ),
        Schedule(
            "CooperaNet: recompute all matches",
            "cooperation.recompute_all_matches",
            {"minute": "30", "hour": "2"},
        ),
        Schedule(
            "Delete expired report files",
            "reports.tasks.purge_expired_reports",
            {"minute": "15"},
        ),
    ]
    for name in sorted(REMINDERS):
        schedules.append(
            Schedule(
                f"Reminders: {name}",
                "notifications.tasks.run_reminder_kind",
                {"minute": "0", "hour": "5"},
                (name,),
            )
        )
    return schedules


def setup_schedules() -> list[str]:
    """Create the missing periodic tasks and reminder rules; returns the
    names of the periodic tasks created."""
    import json

    from django_celery_beat.models import CrontabSchedule, PeriodicTask

    from .models import ReminderRule
    from .reminders.base import REMINDERS

    created = []
    for schedule in declared_schedules():
        if PeriodicTask.objects.filter(name=schedule.name).exists():
            continue
        crontab, _ = CrontabSchedule.objects.get_or_create(
            minute=schedule.crontab.get("minute", "*"),
            hour=schedule.crontab.get("hour", "*"),
            day_of_week=schedule.crontab.get("day_of_week", "*"),
            day_of_month=schedule.crontab.get("day_of_month", "*"),
            month_of_year="*",
            timezone="UTC",
        )
        PeriodicTask.objects.create(
            name=schedule.name,
            task=schedule.task,
            crontab=crontab,
            args=json.dumps(list(schedule.args)),
        )
        created.append(schedule.name)

    for kind in REMINDERS.values():
        ReminderRule.objects.get_or_create(
            kind=kind.name,
            defaults={
                "offsets": list(kind.default_offsets),
                "threshold_days": kind.default_threshold_days,
                "catch_up_days": kind.default_catch_up_days,
            },
        )
    return created

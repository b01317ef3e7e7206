from .notification import (
    EmailStatus,
    Notification,
    NotificationPreference,
)
from .operations import TaskFailure
from .reminder import ReminderRule

__all__ = [
    "EmailStatus",
    "Notification",
    "NotificationPreference",
    "ReminderRule",
    "TaskFailure",
]

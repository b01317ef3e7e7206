from .notification import (
    EmailStatus,
    Notification,
    NotificationPreference,
)
from .reminder import ReminderRule

__all__ = [
    "EmailStatus",
    "Notification",
    "NotificationPreference",
    "ReminderRule",
]

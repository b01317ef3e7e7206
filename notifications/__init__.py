"""Notifications, their e-mail outbox, reminders, digests and operations."""

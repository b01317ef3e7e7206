"""Reminders: a registry of small declared kinds and the engine running them."""

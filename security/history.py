"""Audit history of business records, kept by django-simple-history.

A tracked model gets a ``history`` manager and a ``Historical<Model>`` table
in this app (so its migrations live here, not in the owner's app). The acting
user comes from ``simple_history.middleware.HistoryRequestMiddleware``; a
service running outside a request sets ``instance._history_user = actor``
before saving.
"""

from django.apps import apps
from simple_history import register
from simple_history.models import HistoricalRecords


class PortalHistoricalRecords(HistoricalRecords):
    """History that skips saves touching only excluded fields (a login that
    updates ``last_login`` is not a change of the record)."""

    def post_save(self, instance, created, using=None, **kwargs):
        update_fields = kwargs.get("update_fields")
        if (
            not created
            and update_fields
            and set(update_fields) <= set(self.excluded_fields)
        ):
            return
        super().post_save(instance, created, using=using, **kwargs)


def track(model, **options) -> None:
    """Keep the history of ``model``; ``options`` go to ``HistoricalRecords``
    (``excluded_fields=[...]`` for secrets or noise)."""
    register(
        model,
        app="security",
        records_class=PortalHistoricalRecords,
        **options,
    )


def tracked_models() -> list:
    """Every model whose history is kept, in a stable order."""
    from simple_history.models import registered_models

    return sorted(
        set(registered_models.values()),
        key=lambda model: model._meta.label,
    )


def history_model_for(label: str):
    """The historical model of the tracked model labelled ``app.Model``, or
    None when that model is not tracked."""
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        return None
    if model not in tracked_models():
        return None
    return model.history.model

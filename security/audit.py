"""Reading the audit history: what changed, who changed it, and what it was
before. The page and the API share ``AuditFilter``."""

from dataclasses import dataclass

import django_filters
from django import forms
from django.db.models import OuterRef, Subquery
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from accounts.access import Action, access_for, get_for_user

from .history import history_model_for, tracked_models


def kind_choices() -> list[tuple[str, str]]:
    return [
        (model._meta.label, str(model._meta.verbose_name).capitalize())
        for model in tracked_models()
    ]


class AuditFilter(django_filters.FilterSet):
    """Filters over one tracked model's history (the model is chosen by
    ``kind`` before the filterset is built)."""

    object_id = django_filters.NumberFilter(field_name="id", label=_("Record id"))
    changed_by = django_filters.CharFilter(
        field_name="history_user__email",
        lookup_expr="icontains",
        label=_("Changed by (e-mail)"),
    )
    since = django_filters.DateFilter(
        field_name="history_date",
        lookup_expr="date__gte",
        label=_("From"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    until = django_filters.DateFilter(
        field_name="history_date",
        lookup_expr="date__lte",
        label=_("Until"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )


def audit_queryset(history_model):
    """History rows newest first, each annotated with the id of the row
    before it (``previous_history_id``), so that a page of changes is diffed
    with two queries whatever its length."""
    previous = (
        history_model.objects.filter(
            id=OuterRef("id"), history_date__lt=OuterRef("history_date")
        )
        .order_by("-history_date", "-history_id")
        .values("history_id")[:1]
    )
    return (
        history_model.objects.select_related("history_user")
        .annotate(previous_history_id=Subquery(previous))
        .order_by("-history_date", "-history_id")
    )


def with_changes(entries) -> list[tuple]:
    """``(entry, [FieldChange...])`` for each entry of ``entries`` (rows of
    ``audit_queryset``), loading every previous row in one query."""
    entries = list(entries)
    if not entries:
        return []
    model = type(entries[0])
    previous = model.objects.in_bulk(
        [e.previous_history_id for e in entries if e.previous_history_id]
    )
    return [
        (entry, _diff(entry, previous.get(entry.previous_history_id)))
        for entry in entries
    ]


@dataclass
class FieldChange:
    field: str
    before: object
    after: object


def _diff(record, previous) -> list[FieldChange]:
    """The fields ``record`` changed against ``previous`` (no query)."""
    if previous is None:
        return []
    delta = record.diff_against(previous)
    model = record.instance_type
    return [
        FieldChange(
            field=str(model._meta.get_field(change.field).verbose_name),
            before=change.old,
            after=change.new,
        )
        for change in delta.changes
    ]


def may_read_audit(user) -> bool:
    """The full audit trail is for IACD staff and administrators."""
    return access_for(user).is_staff_member


def record_for_history(user, label: str, pk):
    """The record whose history ``user`` asks for, if they may read it: staff
    read every history, others the history of records they may change.
    Anything else is 404."""
    from django.http import Http404

    history_model = history_model_for(label)
    if history_model is None:
        raise Http404
    model = history_model.instance_type
    if may_read_audit(user):
        return get_object_or_404(model._default_manager.all(), pk=pk)
    queryset = model._default_manager.all()
    if not hasattr(queryset, "editable_by"):
        raise Http404
    return get_for_user(queryset, user, Action.CHANGE, pk=pk)

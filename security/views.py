"""The audit pages: staff search every change; a record's own history is
shown to those who may change it."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render

from .audit import (
    AuditFilter,
    audit_queryset,
    kind_choices,
    may_read_audit,
    record_for_history,
    with_changes,
)
from .history import history_model_for


@login_required
def audit_search(request):
    """Every change to one kind of record, searchable by record, person and
    date: "who changed this figure and what was it before"."""
    if not may_read_audit(request.user):
        raise PermissionDenied
    kinds = kind_choices()
    kind = request.GET.get("kind") or kinds[0][0]
    history_model = history_model_for(kind)
    if history_model is None:
        kind = kinds[0][0]
        history_model = history_model_for(kind)
    filterset = AuditFilter(request.GET, queryset=audit_queryset(history_model))
    page = Paginator(filterset.qs, 25).get_page(request.GET.get("page"))
    rows = with_changes(page)
    context = {
        "kinds": kinds,
        "kind": kind,
        "filterset": filterset,
        "page": page,
        "rows": rows,
    }
    return render(request, "security/audit_search.html", context)


@login_required
def record_history(request, label: str, pk: int):
    """The history of one record, newest first."""
    record = record_for_history(request.user, label, pk)
    history = audit_queryset(record.history.model).filter(id=record.pk)[:200]
    rows = with_changes(history)
    return render(
        request,
        "security/record_history.html",
        {"record": record, "rows": rows, "label": label},
    )

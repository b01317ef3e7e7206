"""``{% history_link record %}``: a link to the record's audit history, shown
only to those who may read it (staff; others for records they may change)."""

from django import template
from django.urls import reverse

from ..audit import may_read_audit
from ..history import tracked_models

register = template.Library()


def may_read_history_of(user, record) -> bool:
    if type(record) not in tracked_models():
        return False
    if may_read_audit(user):
        return True
    queryset = type(record)._default_manager.all()
    if not user.is_authenticated or not hasattr(queryset, "editable_by"):
        return False
    return queryset.editable_by(user).filter(pk=record.pk).exists()


@register.inclusion_tag("security/includes/history_link.html", takes_context=True)
def history_link(context, record):
    request = context.get("request")
    user = getattr(request, "user", None)
    url = None
    if user is not None and may_read_history_of(user, record):
        url = reverse("security:record-history", args=[record._meta.label, record.pk])
    return {"url": url}

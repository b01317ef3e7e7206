"""The bell in the navigation bar."""

from django import template

from ..models import Notification

register = template.Library()


@register.inclusion_tag("notifications/bell.html", takes_context=True)
def notification_bell(context):
    """The bell with the user's unread count (one COUNT query)."""
    user = context["request"].user
    unread = Notification.objects.visible_to(user).unread().count()
    return {"unread": unread}

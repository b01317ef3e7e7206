"""Template filters of the funds pages."""

from decimal import Decimal

from django import template

from ..money import round_money

register = template.Library()


@register.filter
def money(value, currency=None):
    """``value`` rounded to the currency's minor units, with thousands
    separators: 1234.5 USD reads 1,234.50."""
    if value is None or value == "":
        return "—"
    return f"{round_money(Decimal(value), currency):,}"


@register.filter
def percent(rate):
    """A fraction as a percentage: 0.07 reads 7."""
    if rate is None:
        return "—"
    return f"{(Decimal(rate) * 100).normalize():f}"

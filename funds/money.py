"""Money arithmetic: Decimal amounts rounded as their currency requires."""

from decimal import ROUND_HALF_UP, Decimal

from django.db import models

# Enough digits for any fund, and four decimal places so that every ISO 4217
# currency (up to four minor units) is stored exactly as it was rounded.
MONEY_DIGITS = 18
MONEY_PLACES = 4


def money_field(verbose_name, **options) -> models.DecimalField:
    """A DecimalField sized for money."""
    return models.DecimalField(
        verbose_name,
        max_digits=MONEY_DIGITS,
        decimal_places=MONEY_PLACES,
        **options,
    )


def round_money(amount, currency) -> Decimal:
    """``amount`` rounded half up to the minor units of ``currency``."""
    if isinstance(amount, float):
        raise TypeError("Money is never a float; pass a Decimal or a string.")
    places = currency.minor_units if currency is not None else 2
    return Decimal(amount).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)


def convert(amount, rate, currency) -> Decimal:
    """``amount`` times the exchange ``rate``, rounded for ``currency``."""
    return round_money(Decimal(amount) * Decimal(rate), currency)


def percentage_of(amount, rate, currency) -> Decimal:
    """``rate`` (a fraction such as 0.07) of ``amount``, rounded."""
    return round_money(Decimal(amount) * Decimal(rate), currency)

"""Opening programming cycles with their themes, envelopes and criteria."""

import logging
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import Criterion, ProgrammingCycle, Theme
from ..money import round_money
from .ledger import positive_amount, require_fund_manager

logger = logging.getLogger(__name__)


@transaction.atomic
def open_cycle(*, actor, fund, themes, criteria, **fields) -> ProgrammingCycle:
    """Open a programming cycle of ``fund`` with its call.

    ``themes`` are (name, envelope) pairs, one or several; ``criteria`` are
    (name, weight) pairs reviewers score against. ``fields`` are the
    cycle's dates, scale and multi-country bonus rule.
    """
    require_fund_manager(actor)
    themes = list(themes)
    criteria = list(criteria)
    if not themes:
        raise ValidationError({"themes": _("A cycle has at least one theme.")})
    if not criteria:
        raise ValidationError({"criteria": _("A cycle has at least one criterion.")})
    names = [name.strip() for name, _envelope in themes]
    if len(set(names)) != len(names) or not all(names):
        raise ValidationError({"themes": _("Each theme needs its own name.")})

    cycle = ProgrammingCycle(fund=fund, created_by=actor, **fields)
    cycle.full_clean()
    cycle.save()
    Theme.objects.bulk_create(
        _checked(
            Theme(
                cycle=cycle,
                name=name.strip(),
                envelope=_envelope(envelope, fund.currency),
            ),
            "themes",
        )
        for name, envelope in themes
    )
    Criterion.objects.bulk_create(
        _checked(
            Criterion(
                cycle=cycle,
                name=name,
                weight=positive_amount(weight or Decimal(1), "criteria"),
                position=position,
            ),
            "criteria",
        )
        for position, (name, weight) in enumerate(criteria, start=1)
    )
    logger.info("Cycle opened", extra={"cycle_id": cycle.pk, "user_id": actor.pk})
    return cycle


def _envelope(value, currency) -> Decimal:
    envelope = round_money(positive_amount(value, "themes"), currency)
    # 0.001 is positive but rounds to nothing in cents.
    if envelope <= 0:
        raise ValidationError({"themes": _("The amount must be greater than zero.")})
    return envelope


def _checked(row, field: str):
    """``row`` once its own fields' limits (name length, weight digits) are
    met; else a ValidationError beside the form's ``field``."""
    try:
        row.full_clean(exclude=["cycle"], validate_unique=False)
    except ValidationError as error:
        raise ValidationError({field: error.messages}) from None
    return row

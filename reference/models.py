"""Public reference data: IATI codelists, SDGs, currencies.

Every entry carries its name in the four OAS languages. Entries withdrawn
upstream stay (old records still point at them) but are not offered in new
forms: use ``Model.objects.active()`` for choices.
"""

from django.db import models
from django.db.models.functions import Length
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

LANGUAGE_CODES = ("en", "es", "pt", "fr")


class TranslatedNameMixin(models.Model):
    """A name in English, Spanish, Portuguese and French, read in the active
    language with English as the fallback."""

    name_en = models.CharField(_("name (English)"), max_length=500)
    name_es = models.CharField(_("name (Spanish)"), max_length=500, blank=True)
    name_pt = models.CharField(_("name (Portuguese)"), max_length=500, blank=True)
    name_fr = models.CharField(_("name (French)"), max_length=500, blank=True)

    class Meta:
        abstract = True

    @property
    def name(self) -> str:
        return self.name_in(get_language())

    def name_in(self, language: str | None) -> str:
        code = (language or "en")[:2]
        if code in LANGUAGE_CODES:
            return getattr(self, f"name_{code}") or self.name_en
        return self.name_en


class CodeEntryQuerySet(models.QuerySet):
    def active(self):
        """Entries that may be chosen in new records."""
        return self.filter(withdrawn=False)


class CodeEntry(TranslatedNameMixin):
    """One entry of a codelist, identified by its code."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    description = models.TextField(_("description"), blank=True)
    withdrawn = models.BooleanField(_("withdrawn"), default=False)

    objects = CodeEntryQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Country(CodeEntry):
    """A country or territory by its ISO 3166-1 alpha-2 code (IATI Country)."""

    class Meta(CodeEntry.Meta):
        verbose_name = _("country")
        verbose_name_plural = _("countries")


class Region(CodeEntry):
    """An OECD DAC region (IATI Region)."""

    class Meta(CodeEntry.Meta):
        verbose_name = _("region")
        verbose_name_plural = _("regions")


class Currency(CodeEntry):
    """An ISO 4217 currency; ``minor_units`` says how amounts are rounded."""

    minor_units = models.PositiveSmallIntegerField(_("decimal places"), default=2)

    class Meta(CodeEntry.Meta):
        verbose_name = _("currency")
        verbose_name_plural = _("currencies")


class SectorCategory(CodeEntry):
    """A DAC 3-digit sector category."""

    class Meta(CodeEntry.Meta):
        verbose_name = _("sector category")
        verbose_name_plural = _("sector categories")


class Sector(CodeEntry):
    """A DAC 5-digit purpose code, inside its 3-digit category."""

    category = models.ForeignKey(
        SectorCategory,
        on_delete=models.PROTECT,
        related_name="sectors",
        verbose_name=_("category"),
        null=True,
        blank=True,
    )

    class Meta(CodeEntry.Meta):
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")


class SdgGoal(CodeEntry):
    """One of the 17 Sustainable Development Goals."""

    class Meta(CodeEntry.Meta):
        # Goals are numbered 1 to 17: shorter codes first puts 2 before 10.
        ordering = [Length("code"), "code"]
        verbose_name = _("SDG goal")
        verbose_name_plural = _("SDG goals")


class SdgTarget(CodeEntry):
    """An SDG target such as 4.3, inside its goal."""

    # A target's name is its whole text, up to some 700 characters.
    name_en = models.CharField(_("name (English)"), max_length=1000)
    name_es = models.CharField(_("name (Spanish)"), max_length=1000, blank=True)
    name_pt = models.CharField(_("name (Portuguese)"), max_length=1000, blank=True)
    name_fr = models.CharField(_("name (French)"), max_length=1000, blank=True)
    goal = models.ForeignKey(
        SdgGoal,
        on_delete=models.PROTECT,
        related_name="targets",
        verbose_name=_("goal"),
    )
    # The order of the UN list (16.9, 16.10, 16.a), which no sort of the
    # codes gives.
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta(CodeEntry.Meta):
        ordering = ["position", "code"]
        verbose_name = _("SDG target")
        verbose_name_plural = _("SDG targets")


class OrganisationType(CodeEntry):
    class Meta(CodeEntry.Meta):
        verbose_name = _("organisation type")
        verbose_name_plural = _("organisation types")


class OrganisationRole(CodeEntry):
    class Meta(CodeEntry.Meta):
        verbose_name = _("organisation role")
        verbose_name_plural = _("organisation roles")


class CollaborationType(CodeEntry):
    class Meta(CodeEntry.Meta):
        verbose_name = _("collaboration type")
        verbose_name_plural = _("collaboration types")


class FlowType(CodeEntry):
    class Meta(CodeEntry.Meta):
        verbose_name = _("flow type")
        verbose_name_plural = _("flow types")


class AidType(CodeEntry):
    class Meta(CodeEntry.Meta):
        verbose_name = _("aid type")
        verbose_name_plural = _("aid types")


class FinanceType(CodeEntry):
    class Meta(CodeEntry.Meta):
        verbose_name = _("finance type")
        verbose_name_plural = _("finance types")


class TransactionType(CodeEntry):
    class Meta(CodeEntry.Meta):
        verbose_name = _("transaction type")
        verbose_name_plural = _("transaction types")


class ActivityStatus(CodeEntry):
    class Meta(CodeEntry.Meta):
        verbose_name = _("activity status")
        verbose_name_plural = _("activity statuses")


class ActivityDateType(CodeEntry):
    class Meta(CodeEntry.Meta):
        verbose_name = _("activity date type")
        verbose_name_plural = _("activity date types")


class BudgetType(CodeEntry):
    class Meta(CodeEntry.Meta):
        verbose_name = _("budget type")
        verbose_name_plural = _("budget types")


class SectorVocabulary(CodeEntry):
    class Meta(CodeEntry.Meta):
        verbose_name = _("sector vocabulary")
        verbose_name_plural = _("sector vocabularies")


class Language(CodeEntry):
    """An ISO 639-1 language (IATI Language)."""

    class Meta(CodeEntry.Meta):
        verbose_name = _("language")
        verbose_name_plural = _("languages")

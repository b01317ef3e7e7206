"""The regional database of cooperation activities, on the IATI 2.03 model.

An activity holds what an IATI ``iati-activity`` element holds that the portal
uses: identifier, reporting organisation, participating organisations, titles
and descriptions in several languages, status, dates, recipient countries and
regions, sectors, tags (SDGs among them), classifications, budgets and
transactions. Codes point at the ``reference`` codelists through their code
(``to_field="code"``), so the column holds the IATI code itself and an export
writes it back without a join.

Texts in several languages are kept as ``{"en": "...", "fr": "..."}``.
Activities are public once published; imports publish at once. Hand-entered
drafts are seen by their country's focal points and staff only.
"""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from accounts.access import ScopedQuerySet
from reference.models import (
    ActivityStatus,
    CollaborationType,
    Country,
    Currency,
    FinanceType,
    FlowType,
    OrganisationRole,
    TransactionType,
)

# IATI codes of the participating-organisation roles (OrganisationRole).
ROLE_FUNDING = "1"
ROLE_ACCOUNTABLE = "2"
ROLE_EXTENDING = "3"
ROLE_IMPLEMENTING = "4"

# IATI CollaborationType code of bilateral cooperation.
COLLABORATION_BILATERAL = "1"

# IATI tag vocabularies for the Sustainable Development Goals.
TAG_VOCABULARY_SDG_GOAL = "2"
TAG_VOCABULARY_SDG_TARGET = "3"
# IATI sector vocabularies: DAC 5-digit, DAC 3-digit, SDG goal, SDG target.
SECTOR_VOCABULARY_DAC = "1"
SECTOR_VOCABULARY_DAC_3 = "2"
SECTOR_VOCABULARY_SDG_GOAL = "7"
SECTOR_VOCABULARY_SDG_TARGET = "8"


def in_language(texts: dict | None, language: str | None = None) -> str:
    """The text of ``texts`` in ``language`` (default: the active one),
    falling back to English and then to any language present."""
    if not texts:
        return ""
    code = (language or get_language() or "en")[:2]
    return texts.get(code) or texts.get("en") or next(iter(texts.values()), "")


class ActivityModality(models.TextChoices):
    BILATERAL = "bilateral", _("Bilateral")
    SOUTH_SOUTH = "south_south", _("South-South")
    TRIANGULAR = "triangular", _("Triangular")
    REGIONAL = "regional", _("Regional")


class Source(models.TextChoices):
    IATI_IMPORT = "iati", _("IATI import")
    COOPERANET = "cooperanet", _("CooperaNet")
    DCF_PROJECT = "dcf", _("DCF project")
    MANUAL = "manual", _("Entered by hand")


class ActivityQuerySet(ScopedQuerySet):
    """Published activities are public; drafts belong to their country."""

    country_lookup = "owner_country"

    def public_q(self) -> Q:
        return Q(is_published=True)

    def for_list(self):
        """What a list row shows, in a fixed number of queries."""
        return self.select_related("status", "owner_country").prefetch_related(
            "recipient_countries", "sectors"
        )


def _code_fk(model, verbose_name, **options):
    """A foreign key to a reference codelist entry, stored as its code."""
    return models.ForeignKey(
        model,
        to_field="code",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=verbose_name,
        null=True,
        blank=True,
        **options,
    )


class Activity(models.Model):
    """One cooperation activity, as an IATI 2.03 ``iati-activity``."""

    iati_identifier = models.CharField(
        _("IATI identifier"), max_length=200, unique=True
    )
    default_language = models.CharField(_("default language"), max_length=5)
    default_currency = _code_fk(Currency, _("default currency"))
    last_updated_datetime = models.DateTimeField(
        _("last updated (as published)"), null=True, blank=True
    )
    hierarchy = models.PositiveSmallIntegerField(_("hierarchy"), null=True, blank=True)

    reporting_org_ref = models.CharField(
        _("reporting organisation identifier"), max_length=200
    )
    reporting_org_type = models.CharField(
        _("reporting organisation type"), max_length=10, blank=True
    )
    reporting_org_name = models.JSONField(_("reporting organisation"), default=dict)

    title = models.JSONField(_("title"), default=dict)
    # [{"type": "1", "texts": {"en": "..."}}], in the order published.
    descriptions = models.JSONField(_("descriptions"), default=list, blank=True)
    status = _code_fk(ActivityStatus, _("status"))
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    actual_start = models.DateField(_("actual start"), null=True, blank=True)
    planned_end = models.DateField(_("planned end"), null=True, blank=True)
    actual_end = models.DateField(_("actual end"), null=True, blank=True)

    collaboration_type = _code_fk(CollaborationType, _("collaboration type"))
    default_flow_type = _code_fk(FlowType, _("default flow type"))
    default_finance_type = _code_fk(FinanceType, _("default finance type"))
    # Aid types come in several vocabularies; kept as IATI publishes them.
    default_aid_types = models.JSONField(
        _("default aid types"), default=list, blank=True
    )
    # Derived from the SDG tags and sectors on save, for filtering.
    sdg_goals = ArrayField(
        models.CharField(max_length=2), default=list, blank=True, verbose_name=_("SDGs")
    )

    modality = models.CharField(
        _("modality"), max_length=20, choices=ActivityModality, blank=True
    )
    source = models.CharField(
        _("source"), max_length=20, choices=Source, default=Source.MANUAL
    )
    owner_country = models.ForeignKey(
        "accounts.MemberState",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("reported by member state"),
        help_text=_("The member state whose focal points keep this activity."),
    )
    # Where the activity came from, when it began in the portal.
    postings = models.ManyToManyField(
        "cooperation.Posting",
        blank=True,
        related_name="activities",
        verbose_name=_("CooperaNet offers and demands"),
    )
    fund_proposals = models.ManyToManyField(
        "funds.Proposal",
        blank=True,
        related_name="activities",
        verbose_name=_("DCF projects"),
    )
    is_published = models.BooleanField(_("published"), default=False)
    # Hash of the activity as last imported: an unchanged re-import skips it.
    content_hash = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        ordering = ["-planned_start", "iati_identifier"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        indexes = [
            models.Index(fields=["is_published", "planned_start"]),
            models.Index(fields=["modality"]),
        ]

    def __str__(self) -> str:
        return self.display_title or self.iati_identifier

    def get_absolute_url(self) -> str:
        return reverse("cooperation:activity-detail", args=[self.pk])

    @property
    def display_title(self) -> str:
        return in_language(self.title)

    @property
    def reporting_org_display(self) -> str:
        return in_language(self.reporting_org_name) or self.reporting_org_ref

    @property
    def start_date(self):
        return self.actual_start or self.planned_start

    @property
    def end_date(self):
        return self.actual_end or self.planned_end


class ParticipatingOrg(models.Model):
    """An organisation taking part in an activity, in an IATI role."""

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="participating_orgs"
    )
    role = _code_fk(OrganisationRole, _("role"))
    ref = models.CharField(_("identifier"), max_length=200, blank=True)
    type = models.CharField(_("type"), max_length=10, blank=True)
    name = models.JSONField(_("name"), default=dict, blank=True)
    activity_ref = models.CharField(_("its activity"), max_length=200, blank=True)

    class Meta:
        ordering = ["activity", "pk"]
        verbose_name = _("participating organisation")
        verbose_name_plural = _("participating organisations")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return in_language(self.name) or self.ref


class RecipientCountry(models.Model):
    """A country benefiting from an activity, with its share in percent."""

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="recipient_countries"
    )
    country = models.ForeignKey(
        Country,
        to_field="code",
        on_delete=models.PROTECT,
        related_name="recipient_activities",
        verbose_name=_("country"),
    )
    percentage = models.DecimalField(
        _("percentage"), max_digits=5, decimal_places=2, null=True, blank=True
    )

    class Meta:
        ordering = ["activity", "pk"]
        verbose_name = _("recipient country")
        verbose_name_plural = _("recipient countries")

    def __str__(self) -> str:
        return self.country_id


class RecipientRegion(models.Model):
    """A region benefiting from an activity, in an IATI region vocabulary."""

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="recipient_regions"
    )
    vocabulary = models.CharField(_("vocabulary"), max_length=10, default="1")
    code = models.CharField(_("code"), max_length=50)
    percentage = models.DecimalField(
        _("percentage"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    name = models.JSONField(_("name"), default=dict, blank=True)

    class Meta:
        ordering = ["activity", "pk"]
        verbose_name = _("recipient region")
        verbose_name_plural = _("recipient regions")

    def __str__(self) -> str:
        return self.code


class ActivitySector(models.Model):
    """A sector of an activity in a vocabulary (1 is the DAC 5-digit list)."""

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="sectors"
    )
    vocabulary = models.CharField(_("vocabulary"), max_length=10, default="1")
    code = models.CharField(_("code"), max_length=50)
    percentage = models.DecimalField(
        _("percentage"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    name = models.JSONField(_("name"), default=dict, blank=True)

    class Meta:
        ordering = ["activity", "pk"]
        verbose_name = _("activity sector")
        verbose_name_plural = _("activity sectors")
        indexes = [models.Index(fields=["vocabulary", "code"])]

    def __str__(self) -> str:
        return f"{self.vocabulary}:{self.code}"


class ActivityTag(models.Model):
    """A tag of an activity; vocabularies 2 and 3 are SDG goals and targets."""

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="tags"
    )
    vocabulary = models.CharField(_("vocabulary"), max_length=10)
    vocabulary_uri = models.URLField(_("vocabulary URI"), blank=True)
    code = models.CharField(_("code"), max_length=50)
    name = models.JSONField(_("name"), default=dict, blank=True)

    class Meta:
        ordering = ["activity", "pk"]
        verbose_name = _("activity tag")
        verbose_name_plural = _("activity tags")

    def __str__(self) -> str:
        return f"{self.vocabulary}:{self.code}"


class Budget(models.Model):
    """A budget of an activity for one period."""

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="budgets"
    )
    type = models.CharField(_("type"), max_length=10, default="1")
    status = models.CharField(_("status"), max_length=10, default="1")
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=2)
    currency = models.ForeignKey(
        Currency,
        to_field="code",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("currency"),
    )
    value_date = models.DateField(_("value date"))

    class Meta:
        ordering = ["activity", "period_start", "pk"]
        verbose_name = _("budget")
        verbose_name_plural = _("budgets")

    def __str__(self) -> str:
        return f"{self.value} {self.currency_id}"


class Transaction(models.Model):
    """Money moving in or out of an activity: incoming funds, commitments,
    disbursements, expenditures (IATI TransactionType)."""

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="transactions"
    )
    ref = models.CharField(_("reference"), max_length=200, blank=True)
    transaction_type = models.ForeignKey(
        TransactionType,
        to_field="code",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("type"),
    )
    transaction_date = models.DateField(_("date"))
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=2)
    currency = models.ForeignKey(
        Currency,
        to_field="code",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("currency"),
    )
    value_date = models.DateField(_("value date"))
    description = models.JSONField(_("description"), default=dict, blank=True)
    provider_org_ref = models.CharField(
        _("provider identifier"), max_length=200, blank=True
    )
    provider_org_name = models.JSONField(_("provider"), default=dict, blank=True)
    receiver_org_ref = models.CharField(
        _("receiver identifier"), max_length=200, blank=True
    )
    receiver_org_name = models.JSONField(_("receiver"), default=dict, blank=True)

    class Meta:
        ordering = ["activity", "transaction_date", "pk"]
        verbose_name = _("transaction")
        verbose_name_plural = _("transactions")

    def __str__(self) -> str:
        return f"{self.transaction_type_id} {self.value} {self.currency_id}"


class ExchangeRate(models.Model):
    """How many units of a currency one US dollar bought on a date; used only
    where amounts in several currencies are added up, and always shown."""

    currency = models.ForeignKey(
        Currency,
        to_field="code",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("currency"),
    )
    date = models.DateField(_("date"))
    units_per_usd = models.DecimalField(
        _("units per US dollar"), max_digits=20, decimal_places=8
    )
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        ordering = ["currency", "-date"]
        verbose_name = _("exchange rate")
        verbose_name_plural = _("exchange rates")
        constraints = [
            models.UniqueConstraint(
                fields=["currency", "date"], name="unique_exchange_rate_per_day"
            ),
            models.CheckConstraint(
                condition=Q(units_per_usd__gt=0), name="exchange_rate_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.currency_id} {self.units_per_usd} ({self.date})"


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    REFUSED = "refused", _("Refused")
    FAILED = "failed", _("Failed")


class ImportJob(models.Model):
    """An IATI file uploaded by staff and imported by a Celery worker."""

    file = models.FileField(_("file"), upload_to="iati-imports/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=255)
    status = models.CharField(
        _("status"), max_length=10, choices=ImportStatus, default=ImportStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    summary = models.JSONField(_("summary"), default=dict, blank=True)
    report = models.TextField(_("report"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("IATI import")
        verbose_name_plural = _("IATI imports")

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in {
            ImportStatus.DONE,
            ImportStatus.REFUSED,
            ImportStatus.FAILED,
        }

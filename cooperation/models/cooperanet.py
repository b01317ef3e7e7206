"""CooperaNet: cooperation offers and demands, their vetting, versions,
attachments and the matches between them.

Offers and demands are one model, ``Posting``, told apart by ``kind``. They
share every field, the life cycle, the vetting queue, the history, versions,
attachments and full-text search; a match is a pair of two rows of the same
table, which lets the matching query be one self-join over indexed columns
and lets one filterset, form and serializer serve both kinds.

A version is a row: a published posting is changed by copying it into a new
draft row of the same ``lineage``; when staff publish the new version, the
old row becomes ``superseded`` and stays readable at its own URL.
"""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, OuterRef, Q, Value
from django.db.models.functions import Coalesce, Concat, NullIf
from django.urls import reverse
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _

from accounts.access import ScopedQuerySet
from accounts.models import MemberState, Organisation, SubRegion
from accounts.roles import Role
from reference.models import LANGUAGE_CODES, SdgGoal, SdgTarget, Sector


class PostingKind(models.TextChoices):
    OFFER = "offer", _("Offer")
    DEMAND = "demand", _("Demand")


class PostingState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for vetting")
    RETURNED = "returned", _("Returned with comments")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Rejected")
    MATCHED = "matched", _("Matched")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    SUPERSEDED = "superseded", _("Replaced by a newer version")


# States anyone may read. Superseded versions stay readable on purpose: the
# version that was published must remain citable after it is replaced.
PUBLIC_STATES = frozenset(
    {
        PostingState.PUBLISHED,
        PostingState.MATCHED,
        PostingState.IN_PROGRESS,
        PostingState.COMPLETED,
        PostingState.SUPERSEDED,
    }
)
# States the public catalogue lists by default.
CATALOGUE_STATES = PUBLIC_STATES - {PostingState.SUPERSEDED}
# States in which the owner may still change the content of a row.
EDITABLE_STATES = frozenset({PostingState.DRAFT, PostingState.RETURNED})
# States that take part in matching.
MATCHABLE_STATES = frozenset({PostingState.PUBLISHED})


class Modality(models.TextChoices):
    TECHNICAL_ASSISTANCE = "technical_assistance", _("Technical assistance")
    TRAINING_COURSE = "training_course", _("Training course")
    EXPERT_EXCHANGE = "expert_exchange", _("Exchange of experts")
    INTERNSHIP = "internship", _("Internship")
    STUDY_VISIT = "study_visit", _("Study visit")
    SOUTH_SOUTH = "south_south", _("South-South cooperation")
    TRIANGULAR = "triangular", _("Triangular cooperation")
    FINANCIAL = "financial", _("Financial cooperation")


class WorkingLanguage(models.TextChoices):
    """Languages a record is written in or cooperation can be given in."""

    ENGLISH = "en", _("English")
    SPANISH = "es", _("Spanish")
    PORTUGUESE = "pt", _("Portuguese")
    FRENCH = "fr", _("French")


# PostgreSQL text search configuration for each language of a record.
SEARCH_CONFIGS = {
    WorkingLanguage.ENGLISH: "english",
    WorkingLanguage.SPANISH: "spanish",
    WorkingLanguage.PORTUGUESE: "portuguese",
    WorkingLanguage.FRENCH: "french",
}


class PostingQuerySet(ScopedQuerySet):
    """Postings as each user may see them: the public reads published ones
    (and later states), focal points also their country's drafts and
    submissions, partners their organisation's, staff everything."""

    country_lookup = "country"
    organisation_lookup = "organisation"

    def public_q(self) -> Q:
        return Q(state__in=sorted(PUBLIC_STATES))

    def offers(self):
        return self.filter(kind=PostingKind.OFFER)

    def demands(self):
        return self.filter(kind=PostingKind.DEMAND)

    def in_catalogue(self):
        """Rows the catalogue lists unless a state filter says otherwise."""
        return self.exclude(state=PostingState.SUPERSEDED)

    def for_listing(self):
        """Everything a list page, endpoint or export shows, in one query
        whatever the number of rows: the codes of the linked reference rows
        come as arrays (``sector_codes``, ``sector_labels`` in the active
        language, ``goal_codes``, ``target_codes``, ``partner_iso3``)."""
        language = (get_language() or "en")[:2]
        name = f"name_{language}" if language in LANGUAGE_CODES else "name_en"

        def codes(model, field="code", **lookup):
            return ArraySubquery(
                model.objects.filter(**lookup).order_by(field).values(field)
            )

        sector_labels = (
            Sector.objects.filter(postings=OuterRef("pk"))
            .order_by("code")
            .annotate(
                label=Concat(
                    "code",
                    Value(" "),
                    Coalesce(NullIf(F(name), Value("")), F("name_en")),
                    output_field=models.CharField(),
                )
            )
            .values("label")
        )
        return self.select_related("country", "organisation", "currency").annotate(
            sector_codes=codes(Sector, postings=OuterRef("pk")),
            sector_labels=ArraySubquery(sector_labels),
            goal_codes=codes(SdgGoal, postings=OuterRef("pk")),
            target_codes=codes(SdgTarget, postings=OuterRef("pk")),
            partner_iso3=codes(
                MemberState, field="iso3", partner_postings=OuterRef("pk")
            ),
        )

    def awaiting_vetting(self):
        """The staff queue: submitted rows, oldest submission first."""
        return self.filter(state=PostingState.SUBMITTED).order_by("submitted_at", "pk")


class Posting(models.Model):
    """A cooperation offer or demand, one version of it.

    Posted by a member state (``country``) or by a verified organisation
    (``organisation``), under the responsibility of a focal point. Its content
    changes only in draft or returned; after publication a new version (a new
    row of the same ``lineage``) goes through vetting again.
    """

    kind = models.CharField(_("kind"), max_length=10, choices=PostingKind)
    state = models.CharField(
        _("state"), max_length=20, choices=PostingState, default=PostingState.DRAFT
    )
    lineage = models.UUIDField(
        _("lineage"),
        default=uuid.uuid4,
        editable=False,
        help_text=_("Shared by every version of the same offer or demand."),
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    previous_version = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="next_version",
        verbose_name=_("previous version"),
    )

    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    language = models.CharField(
        _("language of the text"),
        max_length=2,
        choices=WorkingLanguage,
        default=WorkingLanguage.ENGLISH,
    )

    country = models.ForeignKey(
        MemberState,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="postings",
        verbose_name=_("posting country"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="postings",
        verbose_name=_("posting organisation"),
    )
    focal_point = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="postings",
        verbose_name=_("responsible focal point"),
    )

    sectors = models.ManyToManyField(
        "reference.Sector",
        blank=True,
        related_name="postings",
        verbose_name=_("DAC sectors"),
    )
    sdg_goals = models.ManyToManyField(
        "reference.SdgGoal",
        blank=True,
        related_name="postings",
        verbose_name=_("SDG goals"),
    )
    sdg_targets = models.ManyToManyField(
        "reference.SdgTarget",
        blank=True,
        related_name="postings",
        verbose_name=_("SDG targets"),
    )
    modality = models.CharField(
        _("modality"), max_length=30, choices=Modality, blank=True
    )
    partner_countries = models.ManyToManyField(
        MemberState,
        blank=True,
        related_name="partner_postings",
        verbose_name=_("beneficiary or provider countries"),
        help_text=_(
            "For an offer, the countries that may benefit; for a demand, "
            "the countries it would like to hear from."
        ),
    )
    subregions = ArrayField(
        models.CharField(max_length=20, choices=SubRegion),
        default=list,
        blank=True,
        verbose_name=_("sub-regions"),
    )
    working_languages = ArrayField(
        models.CharField(max_length=2, choices=WorkingLanguage),
        default=list,
        blank=True,
        verbose_name=_("languages of the cooperation"),
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    duration_months = models.PositiveSmallIntegerField(
        _("duration in months"), null=True, blank=True
    )
    estimated_value = models.DecimalField(
        _("estimated value"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    currency = models.ForeignKey(
        "reference.Currency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("currency"),
    )
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact telephone"), max_length=50, blank=True)
    results = models.TextField(
        _("results"),
        blank=True,
        help_text=_("What the cooperation achieved; may become a good practice."),
    )

    search_vector = SearchVectorField(null=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, editable=False)
    published_at = models.DateTimeField(_("published at"), null=True, editable=False)

    objects = PostingQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("offer or demand")
        verbose_name_plural = _("offers and demands")
        constraints = [
            models.CheckConstraint(
                condition=Q(country__isnull=False) | Q(organisation__isnull=False),
                name="posting_has_owner",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="posting_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(estimated_value__isnull=True) | Q(currency__isnull=False),
                name="posting_value_has_currency",
            ),
            models.UniqueConstraint(
                fields=["lineage", "version"], name="unique_posting_version"
            ),
        ]
        indexes = [
            models.Index(fields=["kind", "state"]),
            models.Index(fields=["state", "submitted_at"]),
            GinIndex(fields=["search_vector"], name="posting_search_idx"),
            GinIndex(
                fields=["title"], name="posting_title_trgm", opclasses=["gin_trgm_ops"]
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("cooperation:posting-detail", args=[self.pk])

    def clean(self) -> None:
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The end date must not be before the start date.")
        if self.estimated_value is not None and not self.currency_id:
            errors["currency"] = _("Choose the currency of the estimated value.")
        if self.estimated_value is not None and self.estimated_value < 0:
            errors["estimated_value"] = _("The estimated value cannot be negative.")
        if errors:
            raise ValidationError(errors)

    @property
    def owner(self):
        return self.country or self.organisation

    @property
    def is_editable_state(self) -> bool:
        return self.state in EDITABLE_STATES

    @property
    def is_public(self) -> bool:
        return self.state in PUBLIC_STATES

    def missing_for_submission(self) -> list[str]:
        """Names of the fields a draft still needs before it can be vetted."""
        missing = []
        for field in ("title", "description", "modality"):
            if not getattr(self, field):
                missing.append(str(self._meta.get_field(field).verbose_name))
        if self.pk and not self.sectors.exists():
            missing.append(str(self._meta.get_field("sectors").verbose_name))
        if not self.working_languages:
            missing.append(str(self._meta.get_field("working_languages").verbose_name))
        return missing

    def refresh_search_vector(self) -> None:
        """Recompute the full-text vector in the record's own language, so
        that Spanish words are stemmed as Spanish."""
        config = Value(SEARCH_CONFIGS.get(self.language, "simple"))
        Posting.objects.filter(pk=self.pk).update(
            search_vector=SearchVector("title", weight="A", config=config)
            + SearchVector("description", weight="B", config=config)
        )


class PostingEvent(models.Model):
    """One entry of a posting's history: a transition or a comment, with who
    made it, when, and what they wrote."""

    class Action(models.TextChoices):
        CREATED = "created", _("created")
        EDITED = "edited", _("edited")
        SUBMITTED = "submitted", _("submitted for vetting")
        RETURNED = "returned", _("returned with comments")
        PUBLISHED = "published", _("published")
        REJECTED = "rejected", _("rejected")
        WITHDRAWN = "withdrawn", _("withdrawn")
        MATCHED = "matched", _("matched")
        STARTED = "started", _("started")
        COMPLETED = "completed", _("completed")
        NEW_VERSION = "new_version", _("new version drafted")
        SUPERSEDED = "superseded", _("replaced by a newer version")
        COMMENTED = "commented", _("commented")

    posting = models.ForeignKey(
        Posting, on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField(_("action"), max_length=20, choices=Action)
    from_state = models.CharField(
        _("from state"), max_length=20, choices=PostingState, blank=True
    )
    to_state = models.CharField(
        _("to state"), max_length=20, choices=PostingState, blank=True
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("history entry")
        verbose_name_plural = _("history")

    def __str__(self) -> str:
        return f"{self.posting_id} {self.action} {self.created_at:%Y-%m-%d}"


def attachment_path(instance, filename: str) -> str:
    # A random name: the original name is kept in the row, never trusted as
    # a path, and two uploads of "report.pdf" do not collide.
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"cooperanet/{instance.posting.lineage}/{uuid.uuid4().hex}{suffix}"


class PostingAttachment(models.Model):
    """A file attached to a posting, stored under MEDIA_ROOT (outside the web
    root) and served only through a view that checks who may see the
    posting."""

    posting = models.ForeignKey(
        Posting, on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=300)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("cooperation:attachment-download", args=[self.pk])


class MatchQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Matches whose two postings the user may both read."""
        visible = Posting.objects.visible_to(user)
        return self.filter(
            offer__in=visible.values("pk"), demand__in=visible.values("pk")
        )

    def dangerously_unscoped(self):
        return self.all()


class Match(models.Model):
    """A scored pairing of a published offer with a published demand, and
    the reasons for the score. Recomputed by ``services.matching``."""

    offer = models.ForeignKey(
        Posting,
        on_delete=models.CASCADE,
        related_name="demand_matches",
        limit_choices_to={"kind": PostingKind.OFFER},
    )
    demand = models.ForeignKey(
        Posting,
        on_delete=models.CASCADE,
        related_name="offer_matches",
        limit_choices_to={"kind": PostingKind.DEMAND},
    )
    score = models.PositiveSmallIntegerField(_("score"))
    reasons = models.JSONField(_("reasons"), default=dict)
    computed_at = models.DateTimeField(_("computed at"), auto_now=True)

    objects = MatchQuerySet.as_manager()

    class Meta:
        ordering = ["-score", "pk"]
        verbose_name = _("match")
        verbose_name_plural = _("matches")
        constraints = [
            models.UniqueConstraint(fields=["offer", "demand"], name="unique_match")
        ]

    def __str__(self) -> str:
        return f"{self.offer_id} ↔ {self.demand_id} ({self.score})"

    def reason_texts(self) -> list[str]:
        """The reasons in plain words, in the active language."""
        return describe_reasons(self.reasons)


def describe_reasons(reasons: dict) -> list[str]:
    """Turn the stored reason facts into translated sentences."""
    texts = []
    sectors = reasons.get("sectors") or []
    if sectors:
        texts.append(
            ngettext("same sector %(list)s", "same sectors %(list)s", len(sectors))
            % {"list": ", ".join(sectors)}
        )
    goals = reasons.get("sdg_goals") or []
    if goals:
        texts.append(
            ngettext(
                "shared Sustainable Development Goal %(list)s",
                "shared Sustainable Development Goals %(list)s",
                len(goals),
            )
            % {"list": ", ".join(str(goal) for goal in goals)}
        )
    targets = reasons.get("sdg_targets") or []
    if targets:
        texts.append(
            ngettext(
                "shared SDG target %(list)s",
                "shared SDG targets %(list)s",
                len(targets),
            )
            % {"list": ", ".join(targets)}
        )
    if reasons.get("modality"):
        texts.append(
            _("same modality: %(modality)s")
            % {"modality": Modality(reasons["modality"]).label}
        )
    languages = reasons.get("languages") or []
    if languages:
        names = ", ".join(str(WorkingLanguage(code).label) for code in languages)
        texts.append(_("both can work in %(languages)s") % {"languages": names})
    if reasons.get("subregion"):
        texts.append(
            _("provider in the same sub-region (%(subregion)s)")
            % {"subregion": SubRegion(reasons["subregion"]).label}
        )
    if reasons.get("similar_text"):
        texts.append(_("similar wording in the titles and descriptions"))
    return texts


class MatchNotice(models.Model):
    """Records that the focal points were told of a strong match between two
    lineages, so that they are told once, whatever versions follow."""

    offer_lineage = models.UUIDField()
    demand_lineage = models.UUIDField()
    match = models.ForeignKey(Match, on_delete=models.SET_NULL, null=True)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("match notice")
        verbose_name_plural = _("match notices")
        constraints = [
            models.UniqueConstraint(
                fields=["offer_lineage", "demand_lineage"], name="unique_match_notice"
            )
        ]

    def __str__(self) -> str:
        return f"{self.offer_lineage} ↔ {self.demand_lineage}"


class Connection(models.Model):
    """Interest expressed by one or both sides of an offer–demand pair. When
    both sides agree, the two postings become matched."""

    offer = models.ForeignKey(
        Posting, on_delete=models.CASCADE, related_name="offer_connections"
    )
    demand = models.ForeignKey(
        Posting, on_delete=models.CASCADE, related_name="demand_connections"
    )
    offer_agreed_at = models.DateTimeField(_("offer side agreed at"), null=True)
    offer_agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    demand_agreed_at = models.DateTimeField(_("demand side agreed at"), null=True)
    demand_agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("connection")
        verbose_name_plural = _("connections")
        constraints = [
            models.UniqueConstraint(
                fields=["offer", "demand"], name="unique_connection"
            )
        ]

    def __str__(self) -> str:
        return f"{self.offer_id} ↔ {self.demand_id}"

    @property
    def is_agreed(self) -> bool:
        return bool(self.offer_agreed_at and self.demand_agreed_at)


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(accepted_at__isnull=True)


class FocalPointInvitation(models.Model):
    """An invitation sent by staff to become a focal point of a member state.
    Only a hash of the token is kept; accepting sets the role and country."""

    ROLE_CHOICES = [
        (Role.NATIONAL_FOCAL_POINT.value, Role.NATIONAL_FOCAL_POINT.label),
        (Role.MISSION_FOCAL_POINT.value, Role.MISSION_FOCAL_POINT.label),
    ]

    email = models.EmailField(_("e-mail address"))
    country = models.ForeignKey(
        MemberState,
        on_delete=models.CASCADE,
        related_name="focal_point_invitations",
        verbose_name=_("member state"),
    )
    role = models.CharField(_("role"), max_length=30, choices=ROLE_CHOICES)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("invited at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("focal point invitation")
        verbose_name_plural = _("focal point invitations")

    def __str__(self) -> str:
        return f"{self.email} ({self.country})"

"""Good practices: what worked in a cooperation, told by a member state's
focal points, vetted by IACD staff and then published in a public library."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.access import ScopedQuerySet


class PracticeStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned with comments")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Rejected")


class GoodPracticeQuerySet(ScopedQuerySet):
    """Published practices are public; the others belong to their country."""

    country_lookup = "country"

    def public_q(self) -> Q:
        return Q(status=PracticeStatus.PUBLISHED)


class GoodPractice(models.Model):
    """A good practice: the problem, the solution, results, lessons, contacts."""

    country = models.ForeignKey(
        "accounts.MemberState",
        on_delete=models.PROTECT,
        related_name="good_practices",
        verbose_name=_("country"),
    )
    activity = models.ForeignKey(
        "cooperation.Activity",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="good_practices",
        verbose_name=_("completed cooperation"),
    )
    title = models.CharField(_("title"), max_length=300)
    problem = models.TextField(_("problem"))
    solution = models.TextField(_("solution"))
    results = models.TextField(_("results"))
    lessons = models.TextField(_("lessons learned"), blank=True)
    contacts = models.TextField(_("contacts"), blank=True)
    sectors = models.ManyToManyField(
        "reference.Sector", blank=True, related_name="+", verbose_name=_("sectors")
    )
    sdg_goals = models.ManyToManyField(
        "reference.SdgGoal", blank=True, related_name="+", verbose_name=_("SDGs")
    )
    tags = ArrayField(
        models.CharField(max_length=50),
        default=list,
        blank=True,
        verbose_name=_("tags"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=PracticeStatus, default=PracticeStatus.DRAFT
    )
    review_comment = models.TextField(_("comments of the review"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    objects = GoodPracticeQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-created_at"]
        verbose_name = _("good practice")
        verbose_name_plural = _("good practices")
        indexes = [models.Index(fields=["status"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("cooperation:practice-detail", args=[self.pk])


class GoodPracticeEvent(models.Model):
    """Who moved a good practice from one status to another, and when."""

    practice = models.ForeignKey(
        GoodPractice, on_delete=models.CASCADE, related_name="events"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    from_status = models.CharField(max_length=20, choices=PracticeStatus)
    to_status = models.CharField(max_length=20, choices=PracticeStatus)
    comment = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("good practice event")
        verbose_name_plural = _("good practice events")

    def __str__(self) -> str:
        return f"{self.practice_id}: {self.from_status} → {self.to_status}"

"""Country profiles: each member state's cooperation agency, the expertise it
offers and seeks, and a SWOT kept by its focal points and IACD staff."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.access import ScopedQuerySet


class CountryProfileQuerySet(ScopedQuerySet):
    """Every profile is public; a country's focal points and staff change it."""

    country_lookup = "state"

    def public_q(self) -> Q:
        # Not Q(): an empty Q vanishes when OR-ed with the owner condition.
        return Q(pk__isnull=False)


class CountryProfile(models.Model):
    """What a member state brings to and seeks from regional cooperation."""

    state = models.OneToOneField(
        "accounts.MemberState",
        on_delete=models.CASCADE,
        related_name="profile",
        verbose_name=_("member state"),
    )
    agency = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cooperation agency"),
    )
    offered_expertise = models.TextField(_("expertise offered"), blank=True)
    offered_sectors = models.ManyToManyField(
        "reference.Sector",
        blank=True,
        related_name="+",
        verbose_name=_("sectors of expertise offered"),
    )
    sought_expertise = models.TextField(_("cooperation sought"), blank=True)
    sought_sectors = models.ManyToManyField(
        "reference.Sector",
        blank=True,
        related_name="+",
        verbose_name=_("sectors in which cooperation is sought"),
    )
    strengths = models.TextField(_("strengths"), blank=True)
    weaknesses = models.TextField(_("weaknesses"), blank=True)
    opportunities = models.TextField(_("opportunities"), blank=True)
    threats = models.TextField(_("threats"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )
    updated_at = models.DateTimeField(_("updated at"), null=True, blank=True)

    objects = CountryProfileQuerySet.as_manager()

    class Meta:
        ordering = ["state__name_en"]
        verbose_name = _("country profile")
        verbose_name_plural = _("country profiles")

    def __str__(self) -> str:
        return str(self.state)

    def get_absolute_url(self) -> str:
        return reverse("cooperation:profile-detail", args=[self.state.iso3])

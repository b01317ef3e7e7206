"""Users, member states, organisations and the roles that tie them together.

Who may see and change what is decided in ``accounts.access`` from the role
memberships kept here; nothing else re-implements that rule.
"""

from django.conf import settings
from django.contrib.auth.base_user import BaseUserManager
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from reference.models import Country, TranslatedNameMixin

from .access import PublicQuerySet
from .roles import COUNTRY_ROLES, ORGANISATION_ROLES, Role


class SubRegion(models.TextChoices):
    NORTH_AMERICA = "north_america", _("North America")
    CENTRAL_AMERICA = "central_america", _("Central America")
    CARIBBEAN = "caribbean", _("Caribbean")
    SOUTH_AMERICA = "south_america", _("South America")
    OUTSIDE_AMERICAS = "outside", _("Outside the Americas")


class MemberStateQuerySet(PublicQuerySet):
    def members(self):
        return self.filter(is_observer=False)

    def observers(self):
        return self.filter(is_observer=True)


class MemberState(TranslatedNameMixin):
    """An OAS member state, or a permanent observer state (``is_observer``)."""

    iso3 = models.CharField(_("ISO 3166 alpha-3 code"), max_length=3, unique=True)
    iso2 = models.CharField(_("ISO 3166 alpha-2 code"), max_length=2, unique=True)
    country = models.OneToOneField(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="member_state",
        verbose_name=_("country (IATI code)"),
    )
    subregion = models.CharField(_("sub-region"), max_length=20, choices=SubRegion)
    is_observer = models.BooleanField(_("permanent observer"), default=False)
    mission_may_edit = models.BooleanField(
        _("mission focal points may change records"),
        default=True,
        help_text=_(
            "Whether the Permanent Mission's focal points may change "
            "this country's records, as the national focal points do."
        ),
    )

    objects = MemberStateQuerySet.as_manager()

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("member state")
        verbose_name_plural = _("member states")

    def __str__(self) -> str:
        return self.name


class OrganisationKind(models.TextChoices):
    NATIONAL_AGENCY = "national_agency", _("National cooperation agency")
    FOREIGN_MINISTRY = "foreign_ministry", _("Ministry of foreign affairs")
    PERMANENT_MISSION = "permanent_mission", _("Permanent mission to the OAS")
    OAS_UNIT = "oas_unit", _("OAS unit")
    INTERNATIONAL_AGENCY = "international_agency", _("International agency")
    FOUNDATION = "foundation", _("Foundation")
    COMPANY = "company", _("Company")
    UNIVERSITY = "university", _("University")
    CIVIL_SOCIETY = "civil_society", _("Civil society organisation")


class Organisation(models.Model):
    """An organisation that takes part in cooperation.

    Organisations that are not member-state bodies post only once staff have
    verified them (``verified_at``).
    """

    name = models.CharField(_("name"), max_length=300, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=OrganisationKind)
    country = models.ForeignKey(
        MemberState,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name=_("country"),
    )
    website = models.URLField(_("website"), blank=True)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verified by"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None


class UserManager(BaseUserManager):
    """Users log in with their e-mail address; there is no username."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, email):
        return self.get(email__iexact=email)


class User(AbstractUser):
    """A person who logs in with an e-mail address."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=5,
        choices=settings.LANGUAGES,
        default="en",
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        ordering = ["email"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class RoleMembership(models.Model):
    """A user holds a role, for a country or an organisation where it applies."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="role_memberships"
    )
    role = models.CharField(_("role"), max_length=30, choices=Role)
    country = models.ForeignKey(
        MemberState,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="role_memberships",
        verbose_name=_("country"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="role_memberships",
        verbose_name=_("organisation"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("role membership")
        verbose_name_plural = _("role memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "country", "organisation"],
                nulls_distinct=False,
                name="unique_role_membership",
            ),
            models.CheckConstraint(
                condition=~models.Q(role__in=sorted(COUNTRY_ROLES))
                | models.Q(country__isnull=False),
                name="focal_point_role_names_country",
            ),
            models.CheckConstraint(
                condition=~models.Q(role__in=sorted(ORGANISATION_ROLES))
                | models.Q(organisation__isnull=False),
                name="partner_role_names_organisation",
            ),
        ]

    def __str__(self) -> str:
        scope = self.country or self.organisation
        label = self.get_role_display()
        return f"{self.user} — {label} ({scope})" if scope else f"{self.user} — {label}"

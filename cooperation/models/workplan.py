"""The IACD work plan: the six areas of the breakout sessions' results, each
with its specific objective, numbered action steps and desired outcomes.

The texts come from the source document (``import_workplan``); the follow-up
fields of a step (status, responsible unit, due date, notes) are kept by IACD
staff, and every change of them is recorded in ``ActionStepChange``.
"""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from accounts.access import PublicQuerySet


class TranslatedTextsMixin(models.Model):
    """Texts of the source document (English) with their translations.

    ``translations`` maps a language to translated fields, e.g.
    ``{"es": {"text": "...", "sub_points": ["..."]}}``; ``localized(name)``
    reads the active language and falls back to the English original.
    """

    translations = models.JSONField(_("translations"), default=dict, blank=True)

    class Meta:
        abstract = True

    def localized(self, name: str):
        language = (get_language() or "en")[:2]
        translated = self.translations.get(language, {}).get(name)
        return translated or getattr(self, name)


class WorkplanAreaQuerySet(PublicQuerySet):
    def with_progress(self):
        """Annotate each area with its number of steps and of steps done."""
        return self.annotate(
            step_count=Count("steps", distinct=True),
            done_count=Count(
                "steps", filter=Q(steps__status=StepStatus.DONE), distinct=True
            ),
        )


class WorkplanArea(TranslatedTextsMixin):
    """One of the six areas of work named by the source document."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    title = models.CharField(_("title"), max_length=300)
    objective = models.TextField(_("specific objective"), blank=True)
    objective_note = models.CharField(
        _("note on the objective"), max_length=300, blank=True
    )

    objects = WorkplanAreaQuerySet.as_manager()

    class Meta:
        ordering = ["number"]
        verbose_name = _("work plan area")
        verbose_name_plural = _("work plan areas")

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("cooperation:workplan-area", args=[self.number])

    @property
    def display_title(self) -> str:
        return self.localized("title")

    @property
    def display_objective(self) -> str:
        return self.localized("objective")

    @property
    def display_objective_note(self) -> str:
        return self.localized("objective_note")

    @property
    def progress_percent(self) -> int:
        """Share of steps done, from ``with_progress()`` annotations."""
        if not getattr(self, "step_count", 0):
            return 0
        return round(100 * self.done_count / self.step_count)


class StepStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    BLOCKED = "blocked", _("Blocked")


class ActionStepQuerySet(PublicQuerySet):
    """The work plan is public; only staff change it."""


class ActionStep(TranslatedTextsMixin):
    """A numbered action step of an area, with its sub-points and follow-up."""

    area = models.ForeignKey(
        WorkplanArea,
        on_delete=models.CASCADE,
        related_name="steps",
        verbose_name=_("area"),
    )
    number = models.CharField(_("number"), max_length=20)
    position = models.PositiveSmallIntegerField(_("position"))
    text = models.TextField(_("text"))
    sub_points = ArrayField(models.TextField(), default=list, blank=True)

    status = models.CharField(
        _("status"), max_length=20, choices=StepStatus, default=StepStatus.NOT_STARTED
    )
    responsible_unit = models.CharField(
        _("responsible unit"), max_length=200, blank=True
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    progress_notes = models.TextField(_("progress notes"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), null=True, blank=True)

    objects = ActionStepQuerySet.as_manager()

    class Meta:
        ordering = ["area__number", "position"]
        verbose_name = _("action step")
        verbose_name_plural = _("action steps")
        constraints = [
            models.UniqueConstraint(
                fields=["area", "number"], name="unique_step_number"
            ),
        ]
        indexes = [models.Index(fields=["status"])]

    def __str__(self) -> str:
        return f"{self.area.number} · {self.number} {self.text[:60]}"

    def get_absolute_url(self) -> str:
        return reverse(
            "cooperation:workplan-step", args=[self.area.number, self.number]
        )

    @property
    def display_text(self) -> str:
        return self.localized("text")

    @property
    def display_sub_points(self) -> list[str]:
        return self.localized("sub_points")


class DesiredOutcome(TranslatedTextsMixin):
    """A desired outcome of an area, linked to the steps it answers."""

    area = models.ForeignKey(
        WorkplanArea,
        on_delete=models.CASCADE,
        related_name="outcomes",
        verbose_name=_("area"),
    )
    position = models.PositiveSmallIntegerField(_("position"))
    text = models.TextField(_("text"))
    sub_points = ArrayField(models.TextField(), default=list, blank=True)
    steps = models.ManyToManyField(
        ActionStep, related_name="outcomes", blank=True, verbose_name=_("action steps")
    )

    class Meta:
        ordering = ["area__number", "position"]
        verbose_name = _("desired outcome")
        verbose_name_plural = _("desired outcomes")
        constraints = [
            models.UniqueConstraint(
                fields=["area", "position"], name="unique_outcome_position"
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def display_text(self) -> str:
        return self.localized("text")

    @property
    def display_sub_points(self) -> list[str]:
        return self.localized("sub_points")


class ActionStepChange(models.Model):
    """Who changed a step's follow-up, when, and from what to what."""

    step = models.ForeignKey(
        ActionStep,
        on_delete=models.PROTECT,
        related_name="changes",
        verbose_name=_("step"),
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("changed by"),
    )
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)
    # {"field": [before, after]} for each field that changed, as text.
    changes = models.JSONField(_("changes"))

    class Meta:
        ordering = ["-changed_at", "-pk"]
        verbose_name = _("action step change")
        verbose_name_plural = _("action step changes")

    def __str__(self) -> str:
        return f"{self.step} · {self.changed_at:%Y-%m-%d %H:%M}"

    def readable_changes(self) -> list[tuple[str, str, str]]:
        """(field label, before, after) in the active language."""
        rows = []
        for name, (before, after) in self.changes.items():
            field = ActionStep._meta.get_field(name)
            if field.choices:
                labels = dict(field.flatchoices)
                before, after = labels.get(before, before), labels.get(after, after)
            rows.append((str(field.verbose_name).capitalize(), before, after))
        return rows

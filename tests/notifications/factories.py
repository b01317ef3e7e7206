"""Small factories for the work plan rows the reminder tests need."""

import factory
from factory.django import DjangoModelFactory

from cooperation.models import ActionStep, WorkplanArea


class WorkplanAreaFactory(DjangoModelFactory):
    class Meta:
        model = WorkplanArea
        django_get_or_create = ("number",)

    number = factory.Sequence(lambda n: n + 1)
    title = factory.LazyAttribute(lambda area: f"Area {area.number}")


class ActionStepFactory(DjangoModelFactory):
    class Meta:
        model = ActionStep

    area = factory.SubFactory(WorkplanAreaFactory, number=1)
    number = factory.Sequence(lambda n: str(n + 1))
    position = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"Action step {n + 1} of the work plan")

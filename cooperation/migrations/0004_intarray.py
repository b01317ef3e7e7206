"""Matching compares title trigrams as integer arrays (intarray)."""

from django.contrib.postgres.operations import CreateExtension
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("cooperation", "0002_cooperanet")]

    operations = [CreateExtension("intarray")]

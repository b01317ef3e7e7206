"""A fixture for the tests of the regional database, imported by each of
their modules (not a conftest.py, which the CooperaNet tests may want)."""

import pytest

from cooperation.activity_filters import forget_status_choices
from cooperation.landscape import forget_landscape


@pytest.fixture(autouse=True)
def fresh_caches():
    """The landscape and the status choices live in the (shared, Redis)
    cache: start each test without the figures of another."""
    forget_landscape()
    forget_status_choices()
    yield
    forget_landscape()
    forget_status_choices()

"""Fixtures of the cooperation tests."""

import pytest

from cooperation.landscape import forget_landscape


@pytest.fixture(autouse=True)
def fresh_landscape():
    """The landscape lives in the (shared, Redis) cache: start each test
    without the figures of another."""
    forget_landscape()
    yield
    forget_landscape()

"""Admin of the cooperation app, one module per sub-domain."""

from . import activity_admin  # noqa: F401

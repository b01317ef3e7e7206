"""Template context shared by every page."""

from .access import access_for


def portal_access(request) -> dict:
    """The current user's ``PortalAccess`` as ``access`` (roles, countries)."""
    return {"access": access_for(getattr(request, "user", None))}

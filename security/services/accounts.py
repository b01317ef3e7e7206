"""Account changes the security rules depend on."""

from allauth.account.models import EmailAddress
from django.db import transaction


@transaction.atomic
def mark_email_verified(*, actor, user) -> EmailAddress:
    """Record ``user``'s address as verified, for accounts that an
    administrator or a management command (``portal_user``, demo users)
    vouches for. New sign-ups verify their address by the e-mailed link, and
    so does, at first login, any account created without this call."""
    address, _created = EmailAddress.objects.update_or_create(
        user=user,
        email__iexact=user.email,
        defaults={"email": user.email, "verified": True, "primary": True},
    )
    return address

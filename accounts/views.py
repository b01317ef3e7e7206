"""Account pages: login in the user's preferred language."""

from allauth.account.views import LoginView


class PortalLoginView(LoginView):
    """django-allauth's login (password, then the second factor when the user
    has one, with django-axes counting failures). After a complete login,
    ``security.adapters.PortalAccountAdapter.post_login`` switches the portal
    to the language the user chose in their profile."""

    template_name = "registration/login.html"

"""Account pages: login, and the user's own name and preferred language."""

from allauth.account.views import LoginView
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponseRedirect
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.generic import UpdateView

from .forms import ProfileForm


def switch_language(response: HttpResponseRedirect, language: str):
    """Send the redirect to the same page under ``language``'s prefix (pages
    carry their language in the URL) and remember the choice in the language
    cookie too."""
    response["Location"] = translate_url(response["Location"], language)
    translation.activate(language)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
    return response


class PortalLoginView(LoginView):
    """django-allauth's login (password, then the second factor when the user
    has one, with django-axes counting failures). After a complete login,
    ``security.adapters.PortalAccountAdapter.post_login`` switches the portal
    to the language the user chose in their profile."""

    template_name = "registration/login.html"


class ProfileView(LoginRequiredMixin, UpdateView):
    """The user's own name and preferred language (used for the portal and
    for every e-mail the portal sends them)."""

    form_class = ProfileForm
    template_name = "accounts/profile.html"

    def get_object(self, queryset=None):
        return self.request.user

    def form_valid(self, form):
        user = form.save()
        messages.success(self.request, _("Your account was saved."))
        redirect = HttpResponseRedirect(reverse("profile"))
        return switch_language(redirect, user.preferred_language)

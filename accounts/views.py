"""Account pages: login in the user's preferred language."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import LoginView
from django.http import HttpResponseRedirect
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.generic import UpdateView

from .forms import ProfileForm


def _redirect_in_language(url: str, language: str) -> HttpResponseRedirect:
    """Redirect to ``url`` under ``language``'s prefix, remembering the choice
    in the language cookie too."""
    response = HttpResponseRedirect(translate_url(url, language))
    translation.activate(language)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
    return response


class PortalLoginView(LoginView):
    """Django's login, which then switches the portal to the language the
    user chose in their profile."""

    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        language = form.get_user().preferred_language
        if language:
            # Pages carry their language in the URL, so the landing page is
            # the same page under the user's language prefix.
            return _redirect_in_language(response.url, language)
        return response


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
        return _redirect_in_language(reverse("profile"), user.preferred_language)

"""Account pages: login in the user's preferred language."""

from django.conf import settings
from django.contrib.auth.views import LoginView
from django.http import HttpResponseRedirect
from django.urls import translate_url
from django.utils import translation


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
            response = HttpResponseRedirect(translate_url(response.url, language))
            translation.activate(language)
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                language,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response

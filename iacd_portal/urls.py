"""The portal's URLs. Pages are under a language prefix (none for English);
the API, its schema and the health check are not."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from . import views
from .health import health

handler404 = "iacd_portal.views.not_found"

api_patterns = [
    path("", include("accounts.api.urls")),
    path("", include("cooperation.api.urls")),
    path("", include("funds.api.urls")),
    path("", include("scholarships.api.urls")),
    path("", include("ministerials.api.urls")),
    path("", include("partnerships.api.urls")),
    path("", include("security.api.urls")),
]

urlpatterns = [
    path("health/", health, name="health"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include(api_patterns)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path(
        "api/docs/",
        # The split view loads its set-up script from a URL: no inline script.
        SpectacularSwaggerSplitView.as_view(url_name="api-schema"),
        name="api-docs",
    ),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("accounts/", include("accounts.urls")),
    # allauth's pages (e-mail verification, two-factor, sessions); the portal's
    # own login above answers /accounts/login/.
    path("accounts/", include("allauth.urls")),
    path("security/", include("security.urls")),
    path("admin/", admin.site.urls),
    path("", include("cooperation.urls")),
    path("funds/", include("funds.urls")),
    path("scholarships/", include("scholarships.urls")),
    path("ministerials/", include("ministerials.urls")),
    path("partnerships/", include("partnerships.urls")),
    path("notifications/", include("notifications.urls")),
    path("reports/", include("reports.urls")),
    prefix_default_language=False,
)

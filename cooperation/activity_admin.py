"""Admin of the regional cooperation database, good practices and profiles.

Activities are read here, not edited: they change through imports and the
services, which keep the content hash and the landscape cache right.
"""

from django.contrib import admin

from .models import (
    Activity,
    CountryProfile,
    ExchangeRate,
    GoodPractice,
    ImportJob,
)


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["iati_identifier", "reporting_org_ref", "status", "is_published"]
    list_filter = ["is_published", "source", "modality"]
    search_fields = ["iati_identifier", "reporting_org_ref"]
    list_select_related = ["status"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(ExchangeRate)
class ExchangeRateAdmin(admin.ModelAdmin):
    list_display = ["currency", "date", "units_per_usd", "source"]
    list_filter = ["currency"]


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = ["original_name", "status", "progress", "created_by", "created_at"]
    readonly_fields = [f.name for f in ImportJob._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(GoodPractice)
class GoodPracticeAdmin(admin.ModelAdmin):
    list_display = ["title", "country", "status", "published_at"]
    list_filter = ["status"]
    search_fields = ["title"]
    readonly_fields = ["status", "created_by", "reviewed_by"]


@admin.register(CountryProfile)
class CountryProfileAdmin(admin.ModelAdmin):
    list_display = ["state", "agency", "updated_at"]

"""The reference lists in the admin: to look up, not to edit.

Every row comes from the files in ``reference/data`` and is rewritten by
``load_reference_data`` at the next start, so a change made here would be
lost: fix the file instead (see ``reference/data/README.md``).
"""

from django.contrib import admin

from . import models

NAME_FIELDS = ["name_en", "name_es", "name_pt", "name_fr"]


class CodeEntryAdmin(admin.ModelAdmin):
    """Read-only list of one codelist, searchable by code and any name."""

    list_display = ["code", *NAME_FIELDS, "withdrawn"]
    list_filter = ["withdrawn"]
    search_fields = ["code", *NAME_FIELDS]
    list_per_page = 100
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(models.Currency)
class CurrencyAdmin(CodeEntryAdmin):
    list_display = ["code", *NAME_FIELDS, "minor_units", "withdrawn"]


@admin.register(models.Sector)
class SectorAdmin(CodeEntryAdmin):
    list_display = ["code", *NAME_FIELDS, "category", "withdrawn"]
    list_filter = ["withdrawn", "category"]
    list_select_related = ["category"]


@admin.register(models.SdgTarget)
class SdgTargetAdmin(CodeEntryAdmin):
    list_display = ["code", "name_en", "goal"]
    list_filter = ["goal"]
    list_select_related = ["goal"]


for model in (
    models.Country,
    models.Region,
    models.SectorCategory,
    models.SdgGoal,
    models.OrganisationType,
    models.OrganisationRole,
    models.CollaborationType,
    models.FlowType,
    models.AidType,
    models.FinanceType,
    models.TransactionType,
    models.ActivityStatus,
    models.ActivityDateType,
    models.BudgetType,
    models.SectorVocabulary,
    models.Language,
):
    admin.site.register(model, CodeEntryAdmin)

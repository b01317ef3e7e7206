"""Admin of the funds app: read-mostly. Money moves only through the
services, so ledger entries, receipts and contributions are read-only
here."""

from django.contrib import admin

from .models import (
    Contribution,
    ContributionReceipt,
    Fund,
    IcrRate,
    LedgerEntry,
    ProgrammingCycle,
    Proposal,
    ReportDueDate,
    ReviewerAssignment,
    Theme,
    Tranche,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Fund)
class FundAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "parent", "currency", "icr_basis"]
    list_select_related = ["parent", "currency"]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(LedgerEntry)
class LedgerEntryAdmin(ReadOnlyAdmin):
    list_display = ["value_date", "fund", "kind", "amount", "reverses", "created_by"]
    list_filter = ["kind", "fund"]
    list_select_related = ["fund", "reverses", "created_by"]


@admin.register(IcrRate)
class IcrRateAdmin(ReadOnlyAdmin):
    list_display = ["fund", "rate", "valid_from", "valid_until", "set_by"]


@admin.register(Contribution)
class ContributionAdmin(ReadOnlyAdmin):
    list_display = ["pk", "fund", "contributor_state", "amount", "currency", "status"]


@admin.register(ContributionReceipt)
class ContributionReceiptAdmin(ReadOnlyAdmin):
    list_display = ["contribution", "amount", "currency", "received_on"]


class ThemeInline(admin.TabularInline):
    model = Theme
    extra = 0


@admin.register(ProgrammingCycle)
class ProgrammingCycleAdmin(admin.ModelAdmin):
    list_display = ["name", "fund", "starts_on", "ends_on", "proposal_deadline"]
    inlines = [ThemeInline]


@admin.register(Proposal)
class ProposalAdmin(ReadOnlyAdmin):
    list_display = ["title", "country", "cycle", "status"]
    list_filter = ["status", "cycle"]


@admin.register(ReviewerAssignment)
class ReviewerAssignmentAdmin(ReadOnlyAdmin):
    list_display = ["proposal", "reviewer", "conflict_declared_at", "has_conflict"]


@admin.register(Tranche)
class TrancheAdmin(ReadOnlyAdmin):
    list_display = ["proposal", "number", "amount", "status", "planned_on"]


@admin.register(ReportDueDate)
class ReportDueDateAdmin(admin.ModelAdmin):
    list_display = ["proposal", "kind", "due_on", "status"]
    list_filter = ["status", "kind"]

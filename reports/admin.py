from django.contrib import admin

from .models import ReportJob


@admin.register(ReportJob)
class ReportJobAdmin(admin.ModelAdmin):
    list_display = ("pk", "kind", "format", "requested_by", "status", "progress")
    list_filter = ("kind", "status")
    readonly_fields = [field.name for field in ReportJob._meta.fields]

    def has_add_permission(self, request):
        return False

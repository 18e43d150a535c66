from django.contrib import admin
from django.db import models

from .models import Organisation


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    """One record: it can be added only while there is none, and not deleted (without it the site shows the
    defaults)."""

    list_display = ["name", "city", "email", "phone", "updated_at"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = [
        (None, {"fields": ["name", "website"]}),
        ("Adres", {"fields": ["street", "postcode", "city"]}),
        ("Algemeen contact", {"fields": ["email", "phone"]}),
    ]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not Organisation.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

from django.contrib import admin

from opti.lib.admin import publish, unpublish

from .models import Quote


@admin.register(Quote)
class QuoteAdmin(admin.ModelAdmin):
    list_display = ["person", "organisation", "text", "on_home_page", "is_example", "published", "order"]
    list_filter = ["published", "on_home_page", "is_example"]
    list_editable = ["order"]
    search_fields = ["text", "person", "organisation"]
    filter_horizontal = ["regions", "networks"]
    actions = [publish, unpublish]
    fieldsets = [
        (None, {"fields": ["text", "person", "organisation"]}),
        ("Waar het citaat staat", {"fields": ["on_home_page", "regions", "networks"]}),
        ("Publicatie", {"fields": ["published", "order", "is_example"]}),
    ]

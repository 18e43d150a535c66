from django.contrib import admin

from .models import Page

admin.site.site_header = "OP/TIL-redactie"
admin.site.site_title = "OP/TIL-redactie"
admin.site.index_title = "Inhoud van de website beheren"


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "updated_at"]
    search_fields = ["title", "body"]

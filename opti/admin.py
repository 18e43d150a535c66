from django.contrib import admin
from django.dispatch import receiver
from django.urls import reverse

from opti.lib.admin import Attention, attention_needed
from opti.lib.richtext import RichTextAdminMixin

from .models import LinkCheck, Page


@admin.register(Page)
class PageAdmin(RichTextAdminMixin, admin.ModelAdmin):
    list_display = ["title", "slug", "updated_at"]
    search_fields = ["title", "body"]


@admin.register(LinkCheck)
class LinkCheckAdmin(admin.ModelAdmin):
    list_display = ["url", "ok", "status", "error", "found_in", "checked_at"]
    list_filter = ["ok"]
    search_fields = ["url", "found_in"]
    readonly_fields = ["url", "found_in", "ok", "status", "error", "checked_at"]

    def has_add_permission(self, request):
        return False  # `manage.py check_links` fills the list

    def has_change_permission(self, request, obj=None):
        return False


@receiver(attention_needed)
def failed_links(sender, request, **kwargs):
    url = reverse("admin:opti_linkcheck_changelist")
    return Attention(
        "Externe links die de laatste controle niet doorstonden",
        LinkCheck.objects.failed().count(),
        f"{url}?ok__exact=0",
    )

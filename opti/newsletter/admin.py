from django.contrib import admin

from opti.lib.admin import csv_response, local_time

from .models import Subscription


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ["email", "newsletter", "created_at", "confirmed_at"]
    list_filter = ["newsletter", ("confirmed_at", admin.EmptyFieldListFilter)]
    search_fields = ["email"]
    # Only the subscriber can put an address on a list, by confirming it.
    readonly_fields = ["email", "newsletter", "created_at", "confirmed_at"]
    actions = ["export_csv"]

    def has_add_permission(self, request):
        # Subscribers confirm their own address through the public form.
        return False

    @admin.action(description="Bevestigde adressen exporteren als CSV", permissions=["view"])
    def export_csv(self, request, queryset):
        header = ["e-mailadres", "nieuwsbrief", "bevestigd op", "afmeldlink"]
        rows = (
            [
                subscription.email,
                subscription.get_newsletter_display(),
                local_time(subscription.confirmed_at),
                request.build_absolute_uri(subscription.get_unsubscribe_url()),
            ]
            for subscription in queryset.filter(confirmed_at__isnull=False).order_by("newsletter", "email")
        )
        return csv_response("nieuwsbrief-abonnees.csv", header, rows)

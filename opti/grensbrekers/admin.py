from django.conf import settings
from django.contrib import admin, messages
from django.db import transaction
from django.db.models import Q
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from opti.lib.admin import Attention, attention_needed, csv_response, local_time

from .models import Edition, Interest, Signup
from .views import announce, send_result_mail


class PastEditionFilter(admin.SimpleListFilter):
    title = "datum van de editie"
    parameter_name = "editie"

    def lookups(self, request, model_admin):
        return [("voorbij", "Voorbij"), ("komend", "Nog niet voorbij")]

    def queryset(self, request, queryset):
        past = Q(edition__ends_on__lt=timezone.localdate())
        if self.value() == "voorbij":
            return queryset.filter(past)
        if self.value() == "komend":
            return queryset.exclude(past)
        return queryset


@receiver(attention_needed)
def signups_of_past_editions(sender, request, **kwargs):
    """Personal data kept after its use: editors can delete it before the daily purge does."""
    queryset = PastEditionFilter(request, {"editie": ["voorbij"]}, Signup, None).queryset(request, Signup.objects)
    url = reverse("admin:grensbrekers_signup_changelist")
    return Attention(
        f"Inschrijvingen voor voorbije GRENSBREKERS-edities (gewist {settings.SIGNUP_RETENTION_DAYS} dagen na de "
        "editie)",
        queryset.count(),
        f"{url}?editie=voorbij",
    )


class SignupInline(admin.TabularInline):
    model = Signup
    fields = ["name", "email", "organisation", "municipality", "status", "waitlist_position", "confirmed_at"]
    readonly_fields = fields
    ordering = ["status", "waitlist_position", "confirmed_at", "created_at"]
    extra = 0
    max_num = 0
    can_delete = False
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("municipality")


@admin.register(Edition)
class EditionAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "starts_on",
        "signup_closes_on",
        "capacity",
        "placed_count",
        "waitlist_count",
        "signup_list",
        "is_example",
    ]
    list_filter = ["is_example", "region"]
    search_fields = ["title", "place", "description"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [SignupInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "description", "is_example"]}),
        ("Wanneer en waar", {"fields": ["starts_on", "start_time", "ends_on", "place", "region"]}),
        ("Inschrijvingen", {"fields": ["capacity", "signup_opens_on", "signup_closes_on", "announced_at"]}),
    ]
    readonly_fields = ["announced_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).with_counts()

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if count := announce(request, obj):
            self.message_user(
                request,
                f"{count} {'persoon krijgt' if count == 1 else 'personen krijgen'} een e-mail dat GRENSBREKERS naar "
                f"{obj.region} komt.",
            )

    @admin.display(description="geplaatst", ordering="placed_count")
    def placed_count(self, edition):
        return edition.placed_count

    @admin.display(description="wachtlijst", ordering="waitlist_count")
    def waitlist_count(self, edition):
        return edition.waitlist_count

    @admin.display(description="inschrijvingen")
    def signup_list(self, edition):
        url = reverse("admin:grensbrekers_signup_changelist") + f"?edition__id__exact={edition.pk}"
        return format_html('<a href="{}">Bekijk en exporteer</a>', url)


@admin.register(Signup)
class SignupAdmin(admin.ModelAdmin):
    # What an editor scans at 1280 px; the e-mail address and organisation are on the signup's page and in the CSV.
    list_display = ["name", "edition", "status", "waitlist_position", "confirmed_at"]
    list_filter = [PastEditionFilter, "edition", "status", "organisation_type"]
    list_select_related = ["edition"]
    search_fields = ["name", "email", "organisation", "function"]
    # The e-mail address identifies a signup within its edition (one per address): not editable.
    readonly_fields = ["edition", "email", "status", "waitlist_position", "created_at", "confirmed_at"]
    autocomplete_fields = ["municipality"]
    ordering = ["edition", "status", "waitlist_position", "confirmed_at", "created_at"]
    actions = ["promote", "export_csv"]

    def has_add_permission(self, request):
        # Signups come in through the public form; places and waitlist positions follow the address's confirmation.
        return False

    @admin.action(description="Van de wachtlijst naar een plaats brengen", permissions=["change"])
    def promote(self, request, queryset):
        waitlisted = queryset.filter(status=Signup.Status.WAITLISTED).select_related("edition")
        editions = {signup.edition for signup in waitlisted}
        promoted = [signup for edition in editions for signup in edition.promote(waitlisted.filter(edition=edition))]
        for signup in promoted:
            send_result_mail(request, signup, promoted=True)
        self.message_user(
            request, f"{len(promoted)} inschrijving(en) van de wachtlijst naar een plaats gebracht en verwittigd."
        )
        for edition in Edition.objects.filter(pk__in=[e.pk for e in editions]).with_counts():
            if edition.placed_count > edition.capacity:
                self.message_user(
                    request,
                    f"{edition}: {edition.placed_count} plaatsen gegeven voor {edition.capacity} plaatsen.",
                    messages.WARNING,
                )

    @admin.action(description="Exporteren als CSV", permissions=["view"])
    def export_csv(self, request, queryset):
        header = [
            "editie",
            "naam",
            "e-mailadres",
            "organisatie",
            "soort organisatie",
            "gemeente",
            "functie",
            "motivatie",
            "status",
            "plaats op de wachtlijst",
            "ingeschreven op",
            "bevestigd op",
        ]
        rows = (
            [
                signup.edition.title,
                signup.name,
                signup.email,
                signup.organisation,
                signup.get_organisation_type_display(),
                signup.municipality.name,
                signup.function,
                signup.motivation,
                signup.get_status_display(),
                signup.waitlist_position or "",
                local_time(signup.created_at),
                local_time(signup.confirmed_at),
            ]
            for signup in queryset.select_related("edition", "municipality").order_by(*self.ordering)
        )
        return csv_response("grensbrekers-inschrijvingen.csv", header, rows)

    def delete_model(self, request, obj):
        self.delete_queryset(request, Signup.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        """Delete, then close the gaps the deleted signups leave in their waitlists."""
        editions = Edition.objects.filter(pk__in=queryset.values("edition"))
        with transaction.atomic():
            editions = list(editions.select_for_update())
            queryset.delete()
            for edition in editions:
                edition.renumber_waitlist()


@admin.register(Interest)
class InterestAdmin(admin.ModelAdmin):
    list_display = ["email", "region", "created_at", "confirmed_at"]
    list_filter = ["region", ("confirmed_at", admin.EmptyFieldListFilter)]
    search_fields = ["email"]
    # Only the person can put an address on a list, by confirming it.
    readonly_fields = ["email", "region", "created_at", "confirmed_at"]

    def has_add_permission(self, request):
        return False

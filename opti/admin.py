import csv

from django.contrib import admin, messages
from django.db import models, transaction
from django.db.models import Count
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from .mail import send_templated_mail
from .models import Edition, Page, Signup, Subscription, SubsidyProgramme, SubsidyRound

admin.site.site_header = "OP/TIL-redactie"
admin.site.site_title = "OP/TIL-redactie"
admin.site.index_title = "Inhoud van de website beheren"


def csv_response(filename, header, rows):
    """A CSV download that Excel opens as UTF-8 (byte order mark) with Belgian separators (semicolons).

    Cells that a spreadsheet would run as a formula (starting with = + - @, tab or carriage return) get a
    leading apostrophe, so that text typed in a public form can never execute.
    """
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    for row in [header, *rows]:
        writer.writerow(
            f"'{cell}" if isinstance(cell, str) and cell.startswith(("=", "+", "-", "@", "\t", "\r")) else cell
            for cell in row
        )
    return response


def local_time(value):
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "updated_at"]
    search_fields = ["title", "body"]


class SubsidyRoundInline(admin.TabularInline):
    model = SubsidyRound
    extra = 0
    fields = ["title", "opens_on", "deadline", "decision_on", "budget", "call_url", "is_example"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(SubsidyProgramme)
class SubsidyProgrammeAdmin(admin.ModelAdmin):
    list_display = ["name", "round_count"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [SubsidyRoundInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(round_count=Count("rounds"))

    @admin.display(description="rondes", ordering="round_count")
    def round_count(self, programme):
        return programme.round_count


class RoundStateFilter(admin.SimpleListFilter):
    title = "stand van zaken"
    parameter_name = "stand"

    def lookups(self, request, model_admin):
        return [("open", "Nu open"), ("binnenkort", "Binnenkort"), ("afgelopen", "Afgelopen")]

    def queryset(self, request, queryset):
        if self.value() == "open":
            return queryset.open_now()
        if self.value() == "binnenkort":
            return queryset.upcoming()
        if self.value() == "afgelopen":
            return queryset.past()
        return queryset


@admin.register(SubsidyRound)
class SubsidyRoundAdmin(admin.ModelAdmin):
    list_display = ["title", "programme", "opens_on", "deadline", "decision_on", "is_example"]
    list_filter = [RoundStateFilter, "programme", "is_example"]
    list_select_related = ["programme"]
    search_fields = ["title", "programme__name"]
    date_hierarchy = "deadline"
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


class SignupInline(admin.TabularInline):
    model = Signup
    fields = ["name", "email", "organisation", "municipality", "status", "waitlist_position", "created_at"]
    readonly_fields = fields
    ordering = ["status", "waitlist_position", "created_at"]
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
        ("Wanneer en waar", {"fields": ["starts_on", "ends_on", "place", "region"]}),
        ("Inschrijvingen", {"fields": ["capacity", "signup_opens_on", "signup_closes_on"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).with_counts()

    @admin.display(description="geplaatst", ordering="placed_count")
    def placed_count(self, edition):
        return edition.placed_count

    @admin.display(description="wachtlijst", ordering="waitlist_count")
    def waitlist_count(self, edition):
        return edition.waitlist_count

    @admin.display(description="inschrijvingen")
    def signup_list(self, edition):
        url = reverse("admin:opti_signup_changelist") + f"?edition__id__exact={edition.pk}"
        return format_html('<a href="{}">Bekijk en exporteer</a>', url)


@admin.register(Signup)
class SignupAdmin(admin.ModelAdmin):
    list_display = ["name", "email", "organisation", "edition", "status", "waitlist_position", "created_at"]
    list_filter = ["edition", "status", "organisation_type"]
    list_select_related = ["edition"]
    search_fields = ["name", "email", "organisation", "function"]
    # The e-mail address identifies a signup within its edition (one per address): not editable.
    readonly_fields = ["edition", "email", "status", "waitlist_position", "created_at"]
    autocomplete_fields = ["municipality"]
    ordering = ["edition", "status", "waitlist_position", "created_at"]
    actions = ["promote", "export_csv"]

    def has_add_permission(self, request):
        # Signups come in through the public form, which hands out places and waitlist positions.
        return False

    @admin.action(description="Van de wachtlijst naar een plaats brengen", permissions=["change"])
    def promote(self, request, queryset):
        waitlisted = queryset.filter(status=Signup.Status.WAITLISTED).select_related("edition")
        editions = {signup.edition for signup in waitlisted}
        promoted = [signup for edition in editions for signup in edition.promote(waitlisted.filter(edition=edition))]
        for signup in promoted:
            send_templated_mail(
                to=signup.email,
                subject=f"Er is een plaats voor je vrijgekomen: {signup.edition}",
                template="signup",
                context={"signup": signup, "promoted": True, "site_url": request.build_absolute_uri("/")},
            )
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


class ConfirmedFilter(admin.SimpleListFilter):
    title = "bevestigd"
    parameter_name = "bevestigd"

    def lookups(self, request, model_admin):
        return [("ja", "Bevestigd"), ("nee", "Nog niet bevestigd")]

    def queryset(self, request, queryset):
        if self.value() in ("ja", "nee"):
            return queryset.filter(confirmed_at__isnull=self.value() == "nee")
        return queryset


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ["email", "newsletter", "created_at", "confirmed_at"]
    list_filter = ["newsletter", ConfirmedFilter]
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

from django.contrib import admin
from django.db import models
from django.db.models import Count, Prefetch, Q
from django.db.models.functions import Lower
from django.dispatch import receiver
from django.urls import reverse

from opti.lib.admin import (
    Attention,
    RelationEmptyFilter,
    attention_needed,
    feature_on_home_page,
    publish,
    unpublish,
)
from opti.lib.richtext import RichTextAdminMixin
from regions.admin import MunicipalityAdmin, RegionAdmin
from regions.models import Municipality, Region

from .models import Membership, Network, Project, RecognitionPeriod, RecognitionRound, Source, current


class FitsOneRegionFilter(admin.SimpleListFilter):
    title = "past in één referentieregio"
    parameter_name = "een_regio"

    def lookups(self, request, model_admin):
        return [("ja", "Ja"), ("nee", "Nee, over meerdere regio’s")]

    def queryset(self, request, queryset):
        if self.value() == "ja":
            return queryset.filter(region_count=1)
        if self.value() == "nee":
            return queryset.filter(region_count__gt=1)
        return queryset


class MissingFilter(admin.SimpleListFilter):
    """IGS with members today that lack a website or contact details (what a visitor needs to reach them)."""

    title = "ontbreekt"
    parameter_name = "ontbreekt"
    lookups_missing = {
        "website": ("Website", Q(website="")),
        "contact": ("Contactgegevens", Q(email="", phone="", address="")),
    }

    def lookups(self, request, model_admin):
        return [(key, label) for key, (label, _) in self.lookups_missing.items()]

    def queryset(self, request, queryset):
        if self.value() in self.lookups_missing:
            active = Network.objects.filter(current(prefix="memberships__")).values("pk")
            return queryset.filter(self.lookups_missing[self.value()][1], pk__in=active)
        return queryset


@receiver(attention_needed)
def networks_without_contact(sender, request, **kwargs):
    url = reverse("admin:igs_network_changelist")
    return [
        Attention(
            f"IGS zonder {label.lower()}",
            MissingFilter(request, {"ontbreekt": [key]}, Network, None).queryset(request, Network.objects).count(),
            f"{url}?ontbreekt={key}",
        )
        for key, (label, _) in MissingFilter.lookups_missing.items()
    ]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["municipality", "via_former"]


class RecognitionPeriodInline(admin.TabularInline):
    model = RecognitionPeriod
    extra = 0


@admin.register(Network)
class NetworkAdmin(RichTextAdminMixin, admin.ModelAdmin):
    list_display = ["sortable_name", "member_count", "region_list", "fits_one_region", "to_verify_count"]
    ordering = [Lower("name")]
    list_filter = [
        MissingFilter,
        FitsOneRegionFilter,
        "memberships__municipality__region",
        "memberships__to_verify",
        "recognition_periods__status",
    ]
    search_fields = ["name", "full_name", "memberships__municipality__name"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["sources"]
    inlines = [RecognitionPeriodInline, MembershipInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = [
        (None, {"fields": ["name", "slug", "full_name", "description"]}),
        ("Contact", {"fields": ["website", "email", "phone", "address"]}),
        ("Herkomst van de gegevens", {"fields": ["members_note", "sources"]}),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .with_counts()
            .with_memberships()
            .annotate(to_verify_count=Count("memberships", filter=Q(memberships__to_verify=True), distinct=True))
        )

    @admin.display(description="naam", ordering=Lower("name"))
    def sortable_name(self, network):
        return network.name  # "de Merode" among the D's, "zuidwest" among the Z's

    @admin.display(description="leden", ordering="member_count")
    def member_count(self, network):
        return network.member_count

    @admin.display(description="referentieregio’s")
    def region_list(self, network):
        return ", ".join(region.name for region in network.regions)

    @admin.display(description="past in één regio", boolean=True, ordering="region_count")
    def fits_one_region(self, network):
        return network.region_count == 1 if network.region_count else None

    @admin.display(description="te verifiëren", ordering="to_verify_count")
    def to_verify_count(self, network):
        return network.to_verify_count or ""


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["title", "publisher", "published_on", "url"]
    list_filter = ["publisher"]
    search_fields = ["title", "publisher", "url"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(RecognitionRound)
class RecognitionRoundAdmin(admin.ModelAdmin):
    list_display = ["title", "applications_year", "starts_on", "min_population", "transition_until"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["sources"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["municipality", "network", "to_verify", "via_former", "note"]
    list_filter = ["to_verify", ("via_former", admin.EmptyFieldListFilter), "network"]
    list_select_related = ["municipality", "network", "via_former"]
    search_fields = ["municipality__name", "network__name"]
    autocomplete_fields = ["municipality", "via_former"]


@admin.register(Project)
class ProjectAdmin(RichTextAdminMixin, admin.ModelAdmin):
    list_display = ["title", "network", "published", "featured", "published_on"]
    list_filter = ["published", "featured", "network"]
    list_select_related = ["network"]
    search_fields = ["title", "summary", "body", "network__name"]
    prepopulated_fields = {"slug": ["title"]}
    actions = [publish, unpublish, feature_on_home_page]
    fieldsets = [
        (None, {"fields": ["network", "title", "slug", "summary", "body"]}),
        ("Afbeelding", {"fields": ["image", "image_alt"]}),
        ("Publicatie", {"fields": ["published", "published_on", "featured"]}),
    ]


# The admin of regions, with what igs knows about them: the IGS of each municipality, the coverage of each region.
admin.site.unregister(Region)
admin.site.unregister(Municipality)


@admin.register(Region)
class RegionWithNetworksAdmin(RegionAdmin):
    list_display = [*RegionAdmin.list_display[:2], "network_count", "uncovered_count", *RegionAdmin.list_display[2:]]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                network_count=Count(
                    "municipalities__memberships__network",
                    filter=current(prefix="municipalities__memberships__"),
                    distinct=True,
                ),
                uncovered_count=Count("municipalities", distinct=True)
                - Count(
                    "municipalities",
                    filter=current(prefix="municipalities__memberships__"),
                    distinct=True,
                ),
            )
        )

    @admin.display(description="IGS’en actief", ordering="network_count")
    def network_count(self, region):
        return region.network_count

    @admin.display(description="gemeenten zonder IGS", ordering="uncovered_count")
    def uncovered_count(self, region):
        return region.uncovered_count


@admin.register(Municipality)
class MunicipalityWithNetworkAdmin(MunicipalityAdmin):
    list_display = [*MunicipalityAdmin.list_display[:4], "network", *MunicipalityAdmin.list_display[4:]]
    list_filter = [
        *MunicipalityAdmin.list_filter,
        ("memberships__network", admin.RelatedOnlyFieldListFilter),
        ("memberships", RelationEmptyFilter),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related(
                Prefetch("memberships", queryset=Membership.objects.current().select_related("network"), to_attr="now")
            )
        )

    @admin.display(description="IGS")
    def network(self, municipality):
        return ", ".join(membership.network.name for membership in municipality.now)

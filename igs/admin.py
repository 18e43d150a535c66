from django.contrib import admin, messages
from django.contrib.admin.utils import model_ngettext
from django.db import models, transaction
from django.db.models import Count, Q

from .models import Membership, Network, Project


def save_and_log(modeladmin, request, obj, message, **values):
    """Set `values` on `obj`, save it (so the model's own rules apply) and note `message` in its admin history."""
    for name, value in values.items():
        setattr(obj, name, value)
    obj.save()
    modeladmin.log_change(request, obj, message)


# Actions shared by the models with a published flag and one item featured on the home page (projects, profiles).
@admin.action(description="Publiceren", permissions=["change"])
def publish(modeladmin, request, queryset):
    for obj in queryset:
        save_and_log(modeladmin, request, obj, "Gepubliceerd.", published=True)
    modeladmin.message_user(request, f"{len(queryset)} {model_ngettext(queryset)} gepubliceerd.", messages.SUCCESS)


@admin.action(description="Niet meer publiceren", permissions=["change"])
def unpublish(modeladmin, request, queryset):
    for obj in queryset:
        save_and_log(modeladmin, request, obj, "Niet meer gepubliceerd.", published=False, featured=False)
    message = f"{len(queryset)} {model_ngettext(queryset)} niet meer gepubliceerd."
    modeladmin.message_user(request, message, messages.SUCCESS)


@admin.action(description="Op de startpagina zetten (in plaats van het huidige)", permissions=["change"])
def feature_on_home_page(modeladmin, request, queryset):
    if len(queryset) != 1 or not queryset[0].published:
        modeladmin.message_user(
            request, "Kies precies één gepubliceerd item om op de startpagina te zetten.", messages.ERROR
        )
        return
    with transaction.atomic():
        for previous in queryset.model.objects.filter(featured=True):
            save_and_log(modeladmin, request, previous, "Van de startpagina gehaald.", featured=False)
        save_and_log(modeladmin, request, queryset[0], "Op de startpagina gezet.", featured=True)
    modeladmin.message_user(request, f"“{queryset[0]}” staat nu op de startpagina.", messages.SUCCESS)


class FitsOneRegionFilter(admin.SimpleListFilter):
    title = "past in één referentieregio"
    parameter_name = "een_regio"

    def lookups(self, request, model_admin):
        return [("ja", "Ja"), ("nee", "Nee, over meerdere regio's")]

    def queryset(self, request, queryset):
        if self.value() == "ja":
            return queryset.filter(region_count=1)
        if self.value() == "nee":
            return queryset.filter(region_count__gt=1)
        return queryset


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["municipality"]


@admin.register(Network)
class NetworkAdmin(admin.ModelAdmin):
    list_display = ["name", "member_count", "region_list", "fits_one_region", "to_verify_count", "recognised_until"]
    list_filter = [FitsOneRegionFilter, "members__region", "memberships__to_verify", "recognised_until"]
    search_fields = ["name", "full_name", "members__name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = [
        (None, {"fields": ["name", "slug", "full_name", "description"]}),
        ("Erkenning", {"fields": ["recognised_from", "recognised_until"]}),
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

    @admin.display(description="leden", ordering="member_count")
    def member_count(self, network):
        return network.member_count

    @admin.display(description="referentieregio's")
    def region_list(self, network):
        return ", ".join(region.name for region in network.regions)

    @admin.display(description="past in één regio", boolean=True, ordering="region_count")
    def fits_one_region(self, network):
        return network.region_count == 1 if network.region_count else None

    @admin.display(description="te verifiëren", ordering="to_verify_count")
    def to_verify_count(self, network):
        return network.to_verify_count or ""


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["municipality", "network", "to_verify", "note"]
    list_filter = ["to_verify", "network"]
    list_select_related = ["municipality", "network"]
    search_fields = ["municipality__name", "network__name"]
    autocomplete_fields = ["municipality"]


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
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

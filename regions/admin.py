from django.contrib import admin

from .models import FormerMunicipality, Municipality, Postcode, Region, SubMunicipality


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "municipality_count", "network_count", "uncovered_count", "also_known_as"]
    search_fields = ["name", "also_known_as"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).with_coverage()

    @admin.display(description="gemeenten", ordering="municipality_count")
    def municipality_count(self, region):
        return region.municipality_count

    @admin.display(description="IGS'en actief", ordering="network_count")
    def network_count(self, region):
        return region.network_count

    @admin.display(description="gemeenten zonder IGS", ordering="uncovered_count")
    def uncovered_count(self, region):
        return region.uncovered_count


class HasNetworkFilter(admin.SimpleListFilter):
    title = "lid van een IGS"
    parameter_name = "igs_lid"

    def lookups(self, request, model_admin):
        return [("ja", "In een IGS"), ("nee", "Nog geen IGS")]

    def queryset(self, request, queryset):
        if self.value() in ("ja", "nee"):
            return queryset.filter(membership__isnull=self.value() == "nee")
        return queryset


class FormerMunicipalityInline(admin.TabularInline):
    model = FormerMunicipality
    extra = 0


class SubMunicipalityInline(admin.TabularInline):
    model = SubMunicipality
    extra = 0


class PostcodeInline(admin.TabularInline):
    model = Postcode
    extra = 0


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "nis_code", "province", "region", "network", "population"]
    list_filter = ["province", "region", ("membership__network", admin.RelatedOnlyFieldListFilter), HasNetworkFilter]
    list_select_related = ["region", "membership__network"]
    search_fields = ["name", "nis_code", "former_municipalities__name", "sub_municipalities__name", "postcodes__code"]
    readonly_fields = ["slug"]
    inlines = [FormerMunicipalityInline, SubMunicipalityInline, PostcodeInline]

    @admin.display(description="IGS", ordering="membership__network__name")
    def network(self, municipality):
        return municipality.network


@admin.register(FormerMunicipality)
class FormerMunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "nis_code", "municipality"]
    list_select_related = ["municipality"]
    search_fields = ["name", "nis_code", "municipality__name"]
    autocomplete_fields = ["municipality"]


@admin.register(SubMunicipality)
class SubMunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "municipality"]
    list_filter = ["kind", "municipality__province"]
    list_select_related = ["municipality"]
    search_fields = ["name", "municipality__name"]
    autocomplete_fields = ["municipality"]


@admin.register(Postcode)
class PostcodeAdmin(admin.ModelAdmin):
    list_display = ["code", "municipality"]
    list_select_related = ["municipality"]
    search_fields = ["code", "municipality__name"]
    autocomplete_fields = ["municipality"]

from django.contrib import admin

from .models import FormerMunicipality, Municipality, OutsideMunicipality, Postcode, Region, SubMunicipality


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "municipality_count", "also_known_as"]
    search_fields = ["name", "also_known_as"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).with_counts()

    @admin.display(description="gemeenten", ordering="municipality_count")
    def municipality_count(self, region):
        return region.municipality_count


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
    list_display = ["name", "nis_code", "province", "region", "population"]
    list_filter = ["province", "region"]
    list_select_related = ["region"]
    search_fields = ["name", "nis_code", "former_municipalities__name", "sub_municipalities__name", "postcodes__code"]
    readonly_fields = ["slug"]
    inlines = [FormerMunicipalityInline, SubMunicipalityInline, PostcodeInline]


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
    list_display = ["code", "municipality", "former_municipality"]
    list_select_related = ["municipality", "former_municipality"]
    search_fields = ["code", "municipality__name"]
    autocomplete_fields = ["municipality", "former_municipality"]


@admin.register(OutsideMunicipality)
class OutsideMunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "name_fr", "territory", "nis_code", "postcodes"]
    list_filter = ["territory"]
    search_fields = ["name", "name_fr", "nis_code", "postcodes"]

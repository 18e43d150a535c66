from django.contrib import admin
from django.db import models
from django.db.models import Count, Exists, OuterRef
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone

from opti.lib.admin import Attention, attention_needed

from .models import SubsidyProgramme, SubsidyRound


class UpcomingRoundFilter(admin.SimpleListFilter):
    title = "ronde aangekondigd"
    parameter_name = "ronde"

    def lookups(self, request, model_admin):
        return [("ja", "Met een ronde die nog openstaat of komt"), ("geen", "Zonder aangekondigde ronde")]

    def queryset(self, request, queryset):
        upcoming = Exists(
            SubsidyRound.objects.filter(programme=OuterRef("pk"), deadline__gte=timezone.localdate(), is_example=False)
        )
        if self.value() == "ja":
            return queryset.filter(upcoming)
        if self.value() == "geen":
            return queryset.exclude(upcoming)
        return queryset


@receiver(attention_needed)
def programmes_without_round(sender, request, **kwargs):
    queryset = UpcomingRoundFilter(request, {"ronde": ["geen"]}, SubsidyProgramme, None).queryset(
        request, SubsidyProgramme.objects
    )
    url = reverse("admin:subsidies_subsidyprogramme_changelist")
    return Attention("Subsidieprogramma’s zonder aangekondigde ronde", queryset.count(), f"{url}?ronde=geen")


class SubsidyRoundInline(admin.TabularInline):
    model = SubsidyRound
    extra = 0
    fields = ["title", "opens_on", "deadline", "decision_on", "budget", "call_url", "is_example"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(SubsidyProgramme)
class SubsidyProgrammeAdmin(admin.ModelAdmin):
    list_display = ["name", "round_count"]
    list_filter = [UpcomingRoundFilter]
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

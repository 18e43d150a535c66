from django.contrib import admin
from django.dispatch import receiver
from django.urls import reverse

from opti.lib.admin import Attention, attention_needed, publish, unpublish
from opti.lib.richtext import RichTextAdminMixin

from .models import Article, Publication, Theme


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class NotUpdatedFilter(admin.SimpleListFilter):
    title = "bijgewerkt"
    parameter_name = "bijgewerkt"

    def lookups(self, request, model_admin):
        return [("langer-dan-2-jaar-geleden", "gepubliceerd en meer dan 2 jaar niet bijgewerkt")]

    def queryset(self, request, queryset):
        return queryset.not_updated_for(years=2) if self.value() else queryset


@receiver(attention_needed)
def articles_not_updated(sender, request, **kwargs):
    url = reverse("admin:kennisbank_article_changelist")
    return Attention(
        "Artikels in de kennisbank die al 2 jaar niet zijn bijgewerkt",
        Article.objects.not_updated_for(years=2).count(),
        f"{url}?bijgewerkt=langer-dan-2-jaar-geleden",
    )


@admin.register(Article)
class ArticleAdmin(RichTextAdminMixin, admin.ModelAdmin):
    list_display = ["title", "published", "published_on", "updated_at", "is_example"]
    list_filter = ["published", NotUpdatedFilter, "themes", "is_example"]
    search_fields = ["title", "lead", "body"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["themes", "regions", "networks", "publications"]
    actions = [publish, unpublish]
    fieldsets = [
        (None, {"fields": ["title", "slug", "lead", "body", "themes"]}),
        ("Bijlagen en verbanden", {"fields": ["publications", "regions", "networks"]}),
        (
            "Publicatie",
            {
                "fields": ["published", "published_on", "is_example"],
                "description": "Een concept bekijk je met “Bekijken op site”: alleen de redactie ziet het.",
            },
        ),
    ]


@admin.register(Publication)
class PublicationAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "label", "is_brochure", "published", "published_on", "is_example"]
    list_filter = ["published", "is_brochure", "kind", "is_example"]
    search_fields = ["title", "description"]
    readonly_fields = ["label"]
    actions = [publish, unpublish]
    fields = ["title", "description", "file", "label", "is_brochure", "published", "published_on", "is_example"]

    @admin.display(description="soort en grootte")
    def label(self, publication):
        return publication.label if publication.file else "–"

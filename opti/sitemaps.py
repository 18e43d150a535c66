from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from igs.models import Network, Project
from regions.models import Municipality, Region

from .kennisbank.models import Article
from .models import Page


class StaticSitemap(Sitemap):
    def items(self):
        return [
            "opti:home",
            "regions:region_list",
            "igs:network_list",
            "subsidies:index",
            "grensbrekers:index",
            "newsletter:index",
            "opendata:index",
            "kennisbank:article_list",
            "kennisbank:publication_list",
            "opti:about_data",
            "contact:index",
        ]

    def location(self, item):
        return reverse(item)


class PageSitemap(Sitemap):
    def items(self):
        return Page.objects.order_by("slug")

    def lastmod(self, page):
        return page.updated_at


class RegionSitemap(Sitemap):
    def items(self):
        return Region.objects.order_by("slug")


class MunicipalitySitemap(Sitemap):
    def items(self):
        return Municipality.objects.order_by("slug")


class NetworkSitemap(Sitemap):
    def items(self):
        return Network.objects.order_by("slug")


class ProjectSitemap(Sitemap):
    def items(self):
        return Project.objects.published().select_related("network").order_by("network__slug", "slug")


class ArticleSitemap(Sitemap):
    def items(self):
        return Article.objects.published().order_by("slug")

    def lastmod(self, article):
        return article.updated_at


SITEMAPS = {
    "static": StaticSitemap,
    "pages": PageSitemap,
    "regions": RegionSitemap,
    "municipalities": MunicipalitySitemap,
    "networks": NetworkSitemap,
    "projects": ProjectSitemap,
    "articles": ArticleSitemap,
}

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from igs.models import Network, Project
from regions.models import Municipality, Region

from .models import Page


class StaticSitemap(Sitemap):
    def items(self):
        return [
            "opti:home",
            "regions:region_list",
            "igs:network_list",
            "opti:subsidies",
            "opti:grensbrekers",
            "opti:newsletter",
            "opti:about_data",
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
        return Project.objects.for_detail_page().order_by("network__slug", "slug")


SITEMAPS = {
    "static": StaticSitemap,
    "pages": PageSitemap,
    "regions": RegionSitemap,
    "municipalities": MunicipalitySitemap,
    "networks": NetworkSitemap,
    "projects": ProjectSitemap,
}

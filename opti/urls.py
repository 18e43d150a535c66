from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path
from django.views.generic import RedirectView

from . import views
from .models import Page
from .sitemaps import SITEMAPS

opti_patterns = [
    path("", views.home, name="home"),
    re_path(rf"^(?P<slug>{'|'.join(Page.Slug.values)})/$", views.page, name="page"),
    path("over-de-gegevens/", views.about_data, name="about_data"),
    path("zoeken/", views.search, name="search"),
]

handler500 = "opti.views.server_error"

urlpatterns = [
    path("", include((opti_patterns, "opti"))),
    path("", include("regions.urls")),
    path("", include("igs.urls")),
    path("", include("profiles.urls")),
    path("", include("opti.subsidies.urls")),
    path("", include("opti.grensbrekers.urls")),
    path("", include("opti.newsletter.urls")),
    path("", include("opti.opendata.urls")),
    path("", include("opti.kennisbank.urls")),
    path("", include("opti.contact.urls")),
    # The admin's login offers "Wachtwoord vergeten?" when this name exists: the site's own password reset.
    path(
        "admin/wachtwoord-vergeten/",
        RedirectView.as_view(pattern_name="profiles:password_reset"),
        name="admin_password_reset",
    ),
    path("admin/", admin.site.urls),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("healthz", views.healthz, name="healthz"),
    *static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT),
]

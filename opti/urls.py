from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path

from . import views
from .models import Page
from .sitemaps import SITEMAPS

opti_patterns = [
    path("", views.home, name="home"),
    re_path(rf"^(?P<slug>{'|'.join(Page.Slug.values)})/$", views.page, name="page"),
    path("over-de-gegevens/", views.about_data, name="about_data"),
    path("zoeken/", views.search, name="search"),
    path("subsidies/", views.subsidies, name="subsidies"),
    path("grensbrekers/", views.grensbrekers, name="grensbrekers"),
    path("grensbrekers/inschrijving/<str:token>/", views.grensbrekers_signup, name="grensbrekers_signup"),
    path("nieuwsbrief/", views.newsletter, name="newsletter"),
    path("nieuwsbrief/verstuurd/", views.newsletter_sent, name="newsletter_sent"),
    path("nieuwsbrief/bevestigen/<str:token>/", views.newsletter_confirm, name="newsletter_confirm"),
    path("nieuwsbrief/uitschrijven/<str:token>/", views.newsletter_unsubscribe, name="newsletter_unsubscribe"),
]

handler500 = "opti.views.server_error"

urlpatterns = [
    path("", include((opti_patterns, "opti"))),
    path("", include("regions.urls")),
    path("", include("igs.urls")),
    path("", include("profiles.urls")),
    path("admin/", admin.site.urls),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("healthz", views.healthz, name="healthz"),
    *static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT),
]

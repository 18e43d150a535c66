from django.urls import path

from . import views

app_name = "igs"
urlpatterns = [
    path("igs/", views.network_list, name="network_list"),
    path("igs-check/", views.igs_check, name="check"),
    path("embed/gemeenten/<slug:slug>/", views.embed, name="embed"),
    path("gemeenten/<slug:slug>.json", views.municipality_json, name="municipality_json"),
    path("igs/<slug:slug>/", views.network_detail, name="network_detail"),
    path("igs/<slug:network_slug>/projecten/<slug:slug>/", views.project_detail, name="project_detail"),
]

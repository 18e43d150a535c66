from django.urls import path

from . import views

app_name = "igs"
urlpatterns = [
    path("igs/", views.network_list, name="network_list"),
    path("igs/<slug:slug>/", views.network_detail, name="network_detail"),
    path("igs/<slug:network_slug>/projecten/<slug:slug>/", views.project_detail, name="project_detail"),
]

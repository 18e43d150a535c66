from django.urls import path

from . import views

app_name = "regions"
urlpatterns = [
    path("regios/", views.region_list, name="region_list"),
    path("regios/<slug:slug>/", views.region_detail, name="region_detail"),
    path("gemeenten/<slug:slug>/", views.municipality_detail, name="municipality_detail"),
]

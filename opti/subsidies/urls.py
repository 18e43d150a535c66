from django.urls import path

from . import views

app_name = "subsidies"
urlpatterns = [
    path("subsidies/", views.index, name="index"),
    path("subsidies/deadlines.ics", views.calendar, name="calendar"),
]

from django.urls import path

from . import views

app_name = "newsletter"
urlpatterns = [
    path("nieuwsbrief/", views.index, name="index"),
    path("nieuwsbrief/verstuurd/", views.sent, name="sent"),
    path("nieuwsbrief/bevestigen/<str:token>/", views.confirm, name="confirm"),
    path("nieuwsbrief/uitschrijven/<str:token>/", views.unsubscribe, name="unsubscribe"),
]

from django.urls import path

from . import views

app_name = "grensbrekers"
urlpatterns = [
    path("grensbrekers/", views.index, name="index"),
    path("grensbrekers/verstuurd/", views.sent, name="sent"),
    path("grensbrekers/edities.ics", views.calendar, name="calendar"),
    path("grensbrekers/inschrijving/<str:token>/", views.signup, name="signup"),
    path("grensbrekers/annuleren/<str:token>/", views.cancel, name="cancel"),
    path("grensbrekers/mijn-regio/", views.interest, name="interest"),
    path("grensbrekers/mijn-regio/verstuurd/", views.interest_sent, name="interest_sent"),
    path("grensbrekers/mijn-regio/bevestigen/<str:token>/", views.interest_confirm, name="interest_confirm"),
    path("grensbrekers/mijn-regio/uitschrijven/<str:token>/", views.interest_unsubscribe, name="interest_unsubscribe"),
]

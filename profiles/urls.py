from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from . import forms, views

app_name = "profiles"
urlpatterns = [
    path("profiel/", views.profile_edit, name="profile"),
    path("profiel/igs/", views.network_edit, name="network"),
    path("profiel/bevestigen/", views.profile_confirm, name="profile_confirm"),
    path("aanmelden/", views.LoginView.as_view(), name="login"),
    path("afmelden/", views.LogoutView.as_view(), name="logout"),
    # The admin uses Django's default templates for a password change: these pages name their own.
    path(
        "profiel/wachtwoord/",
        auth_views.PasswordChangeView.as_view(
            template_name="profiles/password_change_form.html",
            form_class=forms.PasswordChangeForm,
            success_url=reverse_lazy("profiles:password_change_done"),
        ),
        name="password_change",
    ),
    path(
        "profiel/wachtwoord/gewijzigd/",
        auth_views.PasswordChangeDoneView.as_view(template_name="profiles/password_change_done.html"),
        name="password_change_done",
    ),
    path("wachtwoord-vergeten/", views.PasswordResetView.as_view(), name="password_reset"),
    path("wachtwoord-vergeten/verstuurd/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "wachtwoord-kiezen/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            form_class=forms.SetPasswordForm,
            reset_url_token="nieuw",
            success_url=reverse_lazy("profiles:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path("wachtwoord-kiezen/gelukt/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
]

from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from . import forms, views

app_name = "profiles"
urlpatterns = [
    path("profiel/", views.profile_edit, name="profile"),
    path("profiel/bevestigen/", views.profile_confirm, name="profile_confirm"),
    path("aanmelden/", views.LoginView.as_view(), name="login"),
    path("afmelden/", views.LogoutView.as_view(), name="logout"),
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
    path(
        "wachtwoord-vergeten/",
        views.PasswordResetView.as_view(
            template_name="profiles/password_reset_form.html",
            form_class=forms.PasswordResetForm,
            subject_template_name="profiles/email/password_reset_subject.txt",
            email_template_name="profiles/email/password_reset.txt",
            success_url=reverse_lazy("profiles:password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "wachtwoord-vergeten/verstuurd/",
        auth_views.PasswordResetDoneView.as_view(template_name="profiles/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "wachtwoord-kiezen/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="profiles/password_reset_confirm.html",
            form_class=forms.SetPasswordForm,
            reset_url_token="nieuw",
            success_url=reverse_lazy("profiles:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "wachtwoord-kiezen/gelukt/",
        auth_views.PasswordResetCompleteView.as_view(template_name="profiles/password_reset_complete.html"),
        name="password_reset_complete",
    ),
]

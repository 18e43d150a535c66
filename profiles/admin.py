import logging
from functools import partial
from smtplib import SMTPException

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from igs.admin import feature_on_home_page, publish, unpublish

from .forms import AdminLoginForm, CoordinatorAccountForm, CoordinatorProfileAdminForm
from .models import CoordinatorProfile

admin.site.login_form = AdminLoginForm
logger = logging.getLogger(__name__)


def send_invitation(*, profile, request):
    """E-mail the coordinator a link to choose a password: Django's password-reset token, which expires after
    PASSWORD_RESET_TIMEOUT and is void once the password has been set."""
    user = profile.user
    path = reverse(
        "profiles:password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    context = {
        "profile": profile,
        "username": user.get_username(),
        "link": request.build_absolute_uri(path),
        "login_url": request.build_absolute_uri(reverse("profiles:login")),
        "valid_days": settings.PASSWORD_RESET_TIMEOUT // (24 * 60 * 60),
    }
    subject = render_to_string("profiles/email/invitation_subject.txt", context).strip()
    send_mail(subject, render_to_string("profiles/email/invitation.txt", context), None, [user.email])


@admin.action(description="Uitnodiging versturen om een wachtwoord te kiezen", permissions=["change"])
def send_invitations(modeladmin, request, queryset):
    for profile in queryset:
        modeladmin.invite(request, profile)


@admin.register(CoordinatorProfile)
class CoordinatorProfileAdmin(admin.ModelAdmin):
    form = CoordinatorProfileAdminForm
    add_form = CoordinatorAccountForm
    list_display = ["name", "network", "role", "published", "featured", "last_confirmed", "updated_at"]
    list_filter = ["published", "featured", "network"]
    search_fields = ["name", "role", "network__name", "user__username", "user__email"]
    readonly_fields = ["account", "last_confirmed", "updated_at"]
    actions = [send_invitations, publish, unpublish, feature_on_home_page]
    fieldsets = [
        ("Account", {"fields": ["account", "login_email"]}),
        (None, {"fields": ["network", "name", "role", "photo"]}),
        ("BE/LICHT-interview", {"fields": ["challenge", "favourite_place", "collaboration", "quote"]}),
        ("Contact op de website", {"fields": ["email", "show_email", "phone", "show_phone"]}),
        ("Publicatie", {"fields": ["published", "featured", "last_confirmed", "updated_at"]}),
    ]
    add_fieldsets = [
        (
            "Account",
            {
                "fields": ["username", "login_email", "invite"],
                "description": "Dit maakt een nieuw account aan, zonder wachtwoord en zonder toegang tot de "
                "beheeromgeving. Met de link in de uitnodiging kiest de coördinator zelf een wachtwoord; daarna "
                "vult die het profiel aan op de website.",
            },
        ),
        (None, {"fields": ["network", "name", "role"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user", "network")

    def get_fieldsets(self, request, obj=None):
        return self.add_fieldsets if obj is None else super().get_fieldsets(request, obj)

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = self.add_form
        return super().get_form(request, obj, **kwargs)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.user = get_user_model().objects.create_user(
                form.cleaned_data["username"], form.cleaned_data["login_email"]
            )
        elif "login_email" in form.changed_data:
            obj.user.email = form.cleaned_data["login_email"]
            obj.user.save(update_fields=["email"])
        super().save_model(request, obj, form, change)
        if not change and form.cleaned_data["invite"]:
            # After the commit, so that the link never points to an account that was rolled back.
            transaction.on_commit(partial(self.invite, request, obj))

    def invite(self, request, profile):
        """Send the invitation, note it in the profile's history, and tell the editor."""
        user = profile.user
        if not user.email or not user.is_active or user.is_staff or user.is_superuser:
            self.message_user(
                request,
                f"Geen uitnodiging voor {profile}: het account heeft geen e-mailadres, is niet actief of is een "
                "account van de redactie.",
                messages.WARNING,
            )
            return
        try:
            send_invitation(profile=profile, request=request)
        except (OSError, SMTPException):  # the mail server refused or could not be reached
            logger.exception("Invitation for profile %s not sent", profile.pk)
            self.message_user(
                request,
                f"De uitnodiging voor {profile} kon niet verstuurd worden. Het account bestaat wel: probeer het later "
                "opnieuw met de actie “Uitnodiging versturen om een wachtwoord te kiezen”.",
                messages.ERROR,
            )
            return
        self.log_change(request, profile, f"Uitnodiging verstuurd naar {user.email}.")
        self.message_user(request, f"Uitnodiging verstuurd naar {profile} ({user.email}).", messages.SUCCESS)

    @admin.display(description="gebruikersnaam")
    def account(self, profile):
        if profile.user.has_usable_password():
            return profile.user.get_username()
        return f"{profile.user.get_username()} (nog geen wachtwoord gekozen)"

from functools import partial

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from igs.admin import NetworkAdmin
from igs.models import Network, current
from opti.lib.admin import Attention, attention_needed, feature_on_home_page, publish, unpublish
from opti.lib.mail import queue_mail

from .forms import CoordinatorAccountForm, CoordinatorProfileAdminForm
from .models import Consultant, CoordinatorProfile, months_before


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
    subject = render_to_string("profiles/email/invitation_subject.txt", context)
    queue_mail(to=user.email, subject=subject, body=render_to_string("profiles/email/invitation.txt", context))


@admin.action(description="Uitnodiging versturen om een wachtwoord te kiezen", permissions=["change"])
def send_invitations(modeladmin, request, queryset):
    for profile in queryset:
        modeladmin.invite(request, profile)


class AttentionFilter(admin.SimpleListFilter):
    """Profiles that need an editor: not confirmed for a year, or an invitation that expired unused."""

    title = "vraagt aandacht"
    parameter_name = "aandacht"

    def lookups(self, request, model_admin):
        return [
            ("niet-bevestigd", "Meer dan 12 maanden niet bevestigd"),
            ("uitnodiging-verlopen", "Uitnodiging ongebruikt verlopen"),
        ]

    def queryset(self, request, queryset):
        if self.value() == "niet-bevestigd":
            return queryset.unconfirmed_since(months_before(timezone.localdate(), 12))
        if self.value() == "uitnodiging-verlopen":
            return queryset.expired_invitations()
        return queryset


@receiver(attention_needed)
def profiles_needing_attention(sender, request, **kwargs):
    url = reverse("admin:profiles_coordinatorprofile_changelist")
    texts = {
        "niet-bevestigd": "Coördinatorprofielen die meer dan 12 maanden niet bevestigd zijn",
        "uitnodiging-verlopen": "Coördinatoren met een uitnodiging die ongebruikt verliep",
    }
    return [
        Attention(
            text,
            AttentionFilter(request, {"aandacht": [key]}, CoordinatorProfile, None)
            .queryset(request, CoordinatorProfile.objects.all())
            .count(),
            f"{url}?aandacht={key}",
        )
        for key, text in texts.items()
    ]


class CoordinatorFilter(admin.SimpleListFilter):
    """IGS with members today but no coordinator's profile: nobody keeps their details up to date."""

    title = "coördinator"
    parameter_name = "coordinator"

    def lookups(self, request, model_admin):
        return [("geen", "Zonder coördinatorprofiel")]

    def queryset(self, request, queryset):
        if self.value() == "geen":
            active = Network.objects.filter(current(prefix="memberships__")).values("pk")
            return queryset.filter(pk__in=active, coordinator_profiles__isnull=True)
        return queryset


@receiver(attention_needed)
def networks_without_coordinator(sender, request, **kwargs):
    queryset = CoordinatorFilter(request, {"coordinator": ["geen"]}, Network, None).queryset(request, Network.objects)
    url = reverse("admin:igs_network_changelist")
    return Attention("IGS zonder coördinator", queryset.count(), f"{url}?coordinator=geen")


# The IGS list, with the filter on coordinators that only this app knows about.
admin.site.unregister(Network)


@admin.register(Network)
class NetworkWithCoordinatorAdmin(NetworkAdmin):
    list_filter = [*NetworkAdmin.list_filter, CoordinatorFilter]


@admin.register(CoordinatorProfile)
class CoordinatorProfileAdmin(admin.ModelAdmin):
    form = CoordinatorProfileAdminForm
    add_form = CoordinatorAccountForm
    list_display = ["name", "network", "role", "published", "featured", "last_confirmed", "updated_at"]
    list_filter = [AttentionFilter, "published", "featured", "network"]
    search_fields = ["name", "role", "network__name", "user__username", "user__email"]
    readonly_fields = ["account", "last_confirmed", "invited_at", "reminded_on", "updated_at"]
    actions = [send_invitations, publish, unpublish, feature_on_home_page]
    fieldsets = [
        ("Account", {"fields": ["account", "login_email", "invited_at"]}),
        (None, {"fields": ["network", "name", "role", "photo"]}),
        ("BE/LICHT-interview", {"fields": ["challenge", "favourite_place", "collaboration", "quote"]}),
        ("Contact op de website", {"fields": ["email", "show_email", "phone", "show_phone"]}),
        ("Publicatie", {"fields": ["published", "featured", "last_confirmed", "reminded_on", "updated_at"]}),
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
        send_invitation(profile=profile, request=request)
        CoordinatorProfile.objects.filter(pk=profile.pk).update(invited_at=timezone.now())
        self.log_change(request, profile, f"Uitnodiging verstuurd naar {user.email}.")
        self.message_user(request, f"Uitnodiging verstuurd naar {profile} ({user.email}).", messages.SUCCESS)

    @admin.display(description="gebruikersnaam")
    def account(self, profile):
        if profile.user.has_usable_password():
            return profile.user.get_username()
        return f"{profile.user.get_username()} (nog geen wachtwoord gekozen)"


@admin.register(Consultant)
class ConsultantAdmin(admin.ModelAdmin):
    list_display = ["name", "role", "answers_subsidy_questions", "is_example", "published", "order"]
    list_filter = ["published", "is_example", "answers_subsidy_questions", "regions", "networks"]
    list_editable = ["order"]
    search_fields = ["name", "role", "email"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["regions", "networks"]
    actions = [publish, unpublish]
    fieldsets = [
        (None, {"fields": ["name", "slug", "role", "photo", "email", "phone"]}),
        ("Wie de consulent volgt", {"fields": ["regions", "networks", "answers_subsidy_questions"]}),
        ("Publicatie", {"fields": ["published", "order", "is_example"]}),
    ]

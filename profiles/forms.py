from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import get_user_model
from django.contrib.auth.validators import UnicodeUsernameValidator

from .models import CoordinatorProfile
from .throttle import LoginThrottleMixin


class PlainLabelsMixin:
    """Labels without the colon Django adds, as in the site's other forms."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class LoginForm(LoginThrottleMixin, PlainLabelsMixin, auth_forms.AuthenticationForm):
    """The login at /aanmelden/."""


class AdminLoginForm(LoginThrottleMixin, AdminAuthenticationForm):
    """The admin's login, throttled together with /aanmelden/."""


class PasswordChangeForm(PlainLabelsMixin, auth_forms.PasswordChangeForm):
    pass


class PasswordResetForm(PlainLabelsMixin, auth_forms.PasswordResetForm):
    def get_users(self, email):
        """Also a coordinator who never chose a password, e.g. because the invitation expired: Django's own form
        skips accounts without a usable password, which would leave them without a way in."""
        users = get_user_model()._default_manager.filter(email__iexact=email, is_active=True)
        return (
            user
            for user in users.select_related("coordinator_profile")
            if user.has_usable_password() or (hasattr(user, "coordinator_profile") and not user.is_staff)
        )


class SetPasswordForm(PlainLabelsMixin, auth_forms.SetPasswordForm):
    pass


class ProfileForm(PlainLabelsMixin, forms.ModelForm):
    """What coordinators change in their own profile: never the account, the IGS or the home-page spot."""

    class Meta:
        model = CoordinatorProfile
        fields = [
            "name",
            "role",
            "photo",
            "challenge",
            "favourite_place",
            "collaboration",
            "quote",
            "email",
            "show_email",
            "phone",
            "show_phone",
            "published",
        ]
        labels = {
            "quote": "Korte uitspraak (niet verplicht)",
            "email": "E-mailadres voor het publiek (niet verplicht)",
            "show_email": "Toon dit e-mailadres op de website",
            "phone": "Telefoonnummer voor het publiek (niet verplicht)",
            "show_phone": "Toon dit telefoonnummer op de website",
            "published": "Toon mijn profiel op de website",
        }
        help_texts = {
            "published": "Zolang dit niet aangevinkt is, zien alleen jij en de redactie van OP/TIL je profiel.",
        }
        widgets = {
            "challenge": forms.Textarea(attrs={"rows": 5}),
            "favourite_place": forms.Textarea(attrs={"rows": 5}),
            "collaboration": forms.Textarea(attrs={"rows": 5}),
        }


class CoordinatorProfileAdminForm(forms.ModelForm):
    """Editors: a profile and the e-mail address of its account (for invitations and password resets)."""

    login_email = forms.EmailField(
        label="e-mailadres om aan te melden",
        required=False,
        help_text="Voor de uitnodiging en om een nieuw wachtwoord te vragen. Wordt niet op de website getoond.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            user, field = self.instance.user, self.fields["login_email"]
            field.initial = user.email
            if user.is_staff or user.is_superuser:
                field.disabled = True
                field.help_text = (
                    "Dit account heeft toegang tot de beheeromgeving: alleen een beheerder kan het wijzigen."
                )


class CoordinatorAccountForm(CoordinatorProfileAdminForm):
    """Editors: a new profile together with a new account, which has no password and no admin access."""

    username = forms.CharField(
        label="gebruikersnaam",
        max_length=150,
        validators=[UnicodeUsernameValidator()],
        help_text="Waarmee de coördinator zich aanmeldt, bijvoorbeeld voornaam.achternaam: letters, cijfers en @.+-_",
    )

    invite = forms.BooleanField(
        label="meteen een uitnodiging sturen",
        required=False,
        initial=True,
        help_text="Een e-mail met een link om een wachtwoord te kiezen. Kan later ook met een actie in de lijst.",
    )

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("invite") and not cleaned_data.get("login_email"):
            self.add_error("login_email", "Vul een e-mailadres in om een uitnodiging te sturen.")
        return cleaned_data

    def clean_username(self):
        username = self.cleaned_data["username"]
        if get_user_model().objects.filter(username__iexact=username).exists():
            raise forms.ValidationError("Er bestaat al een account met deze gebruikersnaam.")
        return username

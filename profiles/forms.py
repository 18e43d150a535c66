import hashlib

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import get_user_model
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.template.loader import render_to_string
from django_tasks import task

from igs.models import Network
from opti.lib.forms import PlainLabelsMixin
from opti.lib.mail import queue_mail
from opti.lib.richtext import html_to_plain_text, plain_text_to_html
from opti.lib.throttle import LoginThrottleMixin
from opti.lib.validators import validate_public_email

from .models import CoordinatorProfile

DESCRIPTION_MAX_LENGTH = 2000


class LoginForm(LoginThrottleMixin, PlainLabelsMixin, auth_forms.AuthenticationForm):
    """The login at /aanmelden/, throttled together with the admin's."""


class PasswordChangeForm(PlainLabelsMixin, auth_forms.PasswordChangeForm):
    pass


class PasswordResetForm(PlainLabelsMixin, auth_forms.PasswordResetForm):
    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email, **kwargs):
        subject = render_to_string(subject_template_name, context)
        queue_mail(to=to_email, subject=subject, body=render_to_string(email_template_name, context))

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


class NetworkDetailsForm(PlainLabelsMixin, forms.ModelForm):
    """What coordinators change about their own IGS: its public description and contact details, never its name,
    members or recognition."""

    # Someone who types www.example.org means https://www.example.org.
    website = forms.URLField(
        label="Website (niet verplicht)",
        required=False,
        assume_scheme="https",
        help_text="Het volledige adres. Zonder https:// ervoor vullen we dat zelf aan.",
    )
    # The details as the coordinator saw them: a save fails when someone (an editor) changed them meanwhile,
    # instead of silently undoing that change.
    version = forms.CharField(widget=forms.HiddenInput, required=False)
    # Plain text here; stored as rich text (paragraphs). The editors' markup (headings, links) stays as long as
    # the coordinator leaves the text itself unchanged.
    description = forms.CharField(
        label="Beschrijving (niet verplicht)",
        required=False,
        max_length=DESCRIPTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Wat het IGS doet, in een paar zinnen voor inwoners en culturele organisaties. Een witregel "
        "begint een nieuwe alinea.",
    )

    class Meta:
        model = Network
        fields = ["description", "website", "email", "phone", "address"]
        labels = {
            "email": "E-mailadres voor het publiek (niet verplicht)",
            "phone": "Telefoonnummer voor het publiek (niet verplicht)",
            "address": "Adres (niet verplicht)",
        }
        widgets = {
            "address": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].validators.append(validate_public_email)
        self.initial["description"] = html_to_plain_text(self.instance.description)
        self.fields["version"].initial = self.version_of(self.instance)

    @classmethod
    def version_of(cls, network):
        values = "\x00".join(str(getattr(network, name)) for name in cls._meta.fields)
        return hashlib.sha256(values.encode()).hexdigest()[:16]

    def clean_description(self):
        text = self.cleaned_data["description"].replace("\r\n", "\n").replace("\r", "\n")  # as browsers send it
        if text.strip() == html_to_plain_text(self.instance.description):
            return self.instance.description
        return plain_text_to_html(text)

    def clean(self):
        cleaned_data = super().clean()
        current = self.version_of(self.instance)  # as saved now: the form edits a copy of the saved IGS
        if cleaned_data.get("version") != current:
            self.data = self.data.copy()
            self.data["version"] = current  # saving again, after a look, is then allowed
            raise forms.ValidationError(
                "Intussen heeft de redactie deze gegevens gewijzigd. Bekijk ze in het voorbeeld hiernaast; sla "
                "opnieuw op om je eigen versie te bewaren.",
                code="changed_meanwhile",
            )
        return cleaned_data


class CoordinatorProfileAdminForm(forms.ModelForm):
    """Editors: a profile and the e-mail address of its account (for invitations and password resets)."""

    login_email = forms.EmailField(
        label="e-mailadres om aan te melden",
        required=False,
        validators=[validate_public_email],
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

    # Django's UsernameField normalises (NFKC) as accounts do, so that "ａｄｍｉｎ" or "Ａdmin" meets "admin" below.
    username = auth_forms.UsernameField(
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


@task()
def send_password_reset(*, email, domain, use_https):
    """Send the set-password link to the accounts with this address, if there are any. A task, so that the page
    does the same work, in the same time, for an address with an account as for one without."""
    form = PasswordResetForm({"email": email})
    if form.is_valid():
        form.save(domain_override=domain, use_https=use_https)

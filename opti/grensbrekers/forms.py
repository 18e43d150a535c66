from django import forms
from django.urls import reverse
from django.utils.html import format_html

from opti.lib.forms import HoneypotMixin, PublicEmailField
from regions.forms import MunicipalityField
from regions.models import Region

from .models import Edition, Signup


class SignupForm(HoneypotMixin, forms.ModelForm):
    edition = forms.ModelChoiceField(
        label="Editie",
        queryset=Edition.objects.none(),
        to_field_name="slug",
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Kies de editie waarvoor je je inschrijft.",
            "invalid_choice": "Voor deze editie kan je je niet (meer) inschrijven. Kies een editie die open is.",
        },
    )
    municipality = MunicipalityField(
        label="Gemeente van je organisatie",
        error_messages={
            "required": "Kies de gemeente waar je organisatie ligt.",
            "invalid_choice": "Kies een Vlaamse gemeente uit de lijst.",
        },
    )
    consent = forms.BooleanField(
        error_messages={"required": "Zonder je toestemming kunnen we je inschrijving niet verwerken."},
    )

    class Meta:
        model = Signup
        fields = ["name", "email", "organisation", "organisation_type", "municipality", "function", "motivation"]
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "organisation": forms.TextInput(attrs={"autocomplete": "organization"}),
            "organisation_type": forms.RadioSelect,
            "function": forms.TextInput(attrs={"autocomplete": "organization-title"}),
            "motivation": forms.Textarea(attrs={"rows": 4}),
        }
        error_messages = {
            "name": {"required": "Vul je naam in."},
            "email": {"required": "Vul je e-mailadres in.", "invalid": "Vul een geldig e-mailadres in."},
            "organisation": {"required": "Vul de naam van je organisatie in."},
            "organisation_type": {
                "required": "Kies het soort organisatie.",
                "invalid_choice": "Kies een van de soorten organisatie uit de lijst.",
            },
            "function": {"required": "Vul je functie in."},
        }
        help_texts = {
            "function": "Bijvoorbeeld: cultuurbeleidscoördinator, bibliothecaris, programmator.",
            "motivation": "Niet verplicht. Wat wil je graag aanpakken met collega’s uit je regio?",
        }

    field_order = ["edition"]

    def __init__(self, *args, open_editions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["edition"].queryset = Edition.objects.filter(pk__in=[edition.pk for edition in open_editions])
        if len(open_editions) == 1:
            self.fields["edition"].initial = open_editions[0].slug
        self.fields["organisation_type"].choices = Signup.OrganisationType.choices
        self.fields["consent"].label = format_html(
            "Ik geef OP/TIL de toestemming om deze gegevens te gebruiken voor mijn inschrijving, zoals beschreven in "
            '<a href="{}">de privacyverklaring</a>.',
            reverse("opti:page", args=["privacy"]),
        )

    def clean_email(self):
        return self.cleaned_data["email"].lower()


class InterestForm(HoneypotMixin):
    email = PublicEmailField()
    region = forms.ModelChoiceField(
        label="Referentieregio",
        queryset=Region.objects.order_by("name"),
        to_field_name="slug",
        empty_label="Kies je regio",
        help_text="Weet je niet in welke regio je gemeente ligt? Zoek je gemeente op de pagina Regio’s.",
        error_messages={
            "required": "Kies de referentieregio waarvoor je een e-mail wilt.",
            "invalid_choice": "Kies een van de vijftien referentieregio’s uit de lijst.",
        },
    )

    field_order = ["email", "region"]

from django import forms
from django.forms.utils import flatatt
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from profiles.forms import PlainLabelsMixin
from regions.map import Atlas
from regions.models import Municipality

from .models import Edition, Newsletter, Signup


class LongSelect(forms.Select):
    """A select that renders its options in Python instead of a template per option: for a list as long as the
    285 municipalities, several times faster than Django's own."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = "" if value is None else str(value)
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            ((key, mark_safe(" selected") if str(key) == chosen else "", label) for key, label in self.choices),
        )
        return format_html(
            '<select name="{}"{}>{}</select>', name, flatatt(self.build_attrs(self.attrs, attrs)), options
        )


class MunicipalityField(forms.ChoiceField):
    """One of the Flemish municipalities, chosen by slug. The list comes from the cached atlas; the cleaned
    value is the Municipality."""

    widget = LongSelect

    def __init__(self, **kwargs):
        super().__init__(choices=self.choices_from_atlas, **kwargs)

    @staticmethod
    def choices_from_atlas():
        return [("", "Kies een gemeente"), *((row["slug"], row["name"]) for row in Atlas().rows)]

    def clean(self, value):
        slug = super().clean(value)
        if municipality := Municipality.objects.filter(slug=slug).first():
            return municipality
        raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")


class HoneypotMixin(PlainLabelsMixin, forms.Form):
    """A field that people never see or reach, but that spam bots fill in."""

    # The template renders this field itself, always empty, inside a block hidden from people.
    website = forms.CharField(label="Laat dit veld leeg", required=False)

    def clean(self):
        if self.cleaned_data.get("website"):
            raise forms.ValidationError("We konden het formulier niet verwerken. Probeer het opnieuw.")
        return super().clean()


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


class SubscribeForm(HoneypotMixin):
    email = forms.EmailField(
        label="E-mailadres",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"required": "Vul je e-mailadres in.", "invalid": "Vul een geldig e-mailadres in."},
    )
    newsletters = forms.MultipleChoiceField(
        label="Welke nieuwsbrieven wil je ontvangen?",
        choices=Newsletter.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Kies minstens één nieuwsbrief.",
            "invalid_choice": "Kies een van de nieuwsbrieven uit de lijst.",
        },
    )

    field_order = ["email", "newsletters"]

    def clean_email(self):
        return self.cleaned_data["email"].lower()

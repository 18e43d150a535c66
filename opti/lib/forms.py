"""What every form of the site shares: labels without a colon, a honeypot against spam bots, a visitor's e-mail
address, a fast long select."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from .validators import validate_public_email


class PlainLabelsMixin:
    """Labels without the colon Django adds."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class HoneypotMixin(PlainLabelsMixin, forms.Form):
    """A field that people never see or reach, but that spam bots fill in.

    The template renders it itself (includes/honeypot.html), always empty, inside a block hidden from people."""

    website = forms.CharField(label="Laat dit veld leeg", required=False)

    def clean(self):
        if self.cleaned_data.get("website"):
            raise forms.ValidationError("We konden het formulier niet verwerken. Probeer het opnieuw.")
        return super().clean()


class PublicEmailField(forms.EmailField):
    """A visitor's address for the site's mail: only on a public domain, kept in lower case."""

    widget = forms.EmailInput(attrs={"autocomplete": "email"})
    default_validators = [*forms.EmailField.default_validators, validate_public_email]
    default_error_messages = {"required": "Vul je e-mailadres in.", "invalid": "Vul een geldig e-mailadres in."}

    def __init__(self, **kwargs):
        super().__init__(**{"label": "E-mailadres", "max_length": 254, **kwargs})

    def to_python(self, value):
        return super().to_python(value).lower()


class LongSelect(forms.Select):
    """A select that renders its options in Python instead of a template per option, for long lists."""

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

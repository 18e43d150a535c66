from django import forms

from opti.lib.forms import LongSelect

from .map import Atlas
from .models import Municipality


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

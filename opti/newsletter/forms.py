from django import forms

from opti.lib.forms import HoneypotMixin, PublicEmailField

from .models import Newsletter


class SubscribeForm(HoneypotMixin):
    email = PublicEmailField()
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

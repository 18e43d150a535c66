from django import forms

from opti.lib.forms import PlainLabelsMixin
from regions.map import Atlas
from regions.models import Region


class CheckForm(PlainLabelsMixin, forms.Form):
    """The IGS check, by GET so that its result has an address to share: a region to choose from, and the
    municipalities ticked (from any region)."""

    regio = forms.ModelChoiceField(
        label="Referentieregio",
        queryset=Region.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label="Kies een referentieregio",
        error_messages={"invalid_choice": "Kies een referentieregio uit de lijst."},
    )
    gemeente = forms.MultipleChoiceField(
        label="Gemeenten",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Kies gemeenten uit de lijst; “%(value)s” is er geen."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = Atlas().rows
        self.fields["gemeente"].choices = [(row["slug"], row["name"]) for row in self.rows]

    def groups(self):
        """The checkboxes to show: the chosen region's municipalities, and those ticked elsewhere."""
        region = self.cleaned_data.get("regio") if self.is_bound and not self.errors else None
        ticked = set(self.data.getlist("gemeente")) if self.is_bound else set()
        shown = [row for row in self.rows if region and row["region_id"] == region.pk]
        elsewhere = [row for row in self.rows if row["slug"] in ticked and row not in shown]
        return [
            (region and region.name, [(row, row["slug"] in ticked) for row in shown]),
            ("Al gekozen in andere referentieregio’s" if region else "Gekozen", [(row, True) for row in elsewhere]),
        ]

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from opti.lib.cache import cached
from opti.lib.validators import validate_one_line, validate_phone, validate_public_email


class Organisation(models.Model):
    """OP/TIL's own name, address and general contact details: one record, in the footer and on /contact/.

    Until an editor saves it, the site shows an unsaved one with the defaults (what the sources state: the name,
    and the website named in fixtures/README.md). What is left empty is simply not shown."""

    PK = 1

    id = models.PositiveSmallIntegerField(primary_key=True, default=PK, editable=False)
    name = models.CharField("naam", max_length=100, default="OP/TIL", validators=[validate_one_line])
    street = models.CharField("straat en nummer", max_length=150, blank=True, validators=[validate_one_line])
    postcode = models.CharField("postcode", max_length=10, blank=True, validators=[validate_one_line])
    city = models.CharField("gemeente", max_length=100, blank=True, validators=[validate_one_line])
    email = models.EmailField("algemeen e-mailadres", blank=True, validators=[validate_public_email])
    phone = models.CharField("algemeen telefoonnummer", max_length=30, blank=True, validators=[validate_phone])
    website = models.URLField("website", blank=True, default="https://www.cultuuroptil.be/")
    updated_at = models.DateTimeField("laatst gewijzigd", auto_now=True)

    class Meta:
        verbose_name = "gegevens van OP/TIL"
        verbose_name_plural = "gegevens van OP/TIL"
        constraints = [models.CheckConstraint(condition=Q(id=1), name="organisation_is_one_record")]

    def __str__(self):
        return self.name

    def clean(self):
        if bool(self.postcode) != bool(self.city):
            raise ValidationError({"postcode" if self.city else "city": "Vul de postcode en de gemeente allebei in."})

    @classmethod
    def current(cls):
        """The record, or the defaults if editors have not saved one yet; read once per content version."""
        return cached("organisation", lambda: cls.objects.filter(pk=cls.PK).first() or cls())

    def structured_data(self):
        """schema.org Organization (for JSON-LD on the home page), with only what is filled in."""
        address = {
            "@type": "PostalAddress",
            "streetAddress": self.street,
            "postalCode": self.postcode,
            "addressLocality": self.city,
            "addressCountry": "BE",
        }
        data = {
            "@type": "Organization",
            "name": self.name,
            "url": self.website,
            "email": self.email,
            "telephone": self.phone,
            "address": {key: value for key, value in address.items() if value} if self.has_address else None,
        }
        return {key: value for key, value in data.items() if value}

    @property
    def has_address(self):
        return bool(self.street or self.city)

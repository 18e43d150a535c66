from django.db import models
from django.urls import reverse

from opti.lib.models import NaturalKeyModel
from opti.lib.richtext import RichTextField
from opti.lib.validators import validate_one_line


class Page(NaturalKeyModel):
    """A page whose text editors maintain in the admin (privacy statement, accessibility statement)."""

    class Slug(models.TextChoices):
        PRIVACY = "privacy", "Privacyverklaring"
        ACCESSIBILITY = "toegankelijkheid", "Toegankelijkheidsverklaring"

    slug = models.SlugField("pagina", unique=True, choices=Slug.choices)
    title = models.CharField("titel", max_length=150, validators=[validate_one_line])
    body = RichTextField("tekst")
    updated_at = models.DateTimeField("laatst gewijzigd", auto_now=True)

    class Meta:
        verbose_name = "pagina"
        verbose_name_plural = "pagina’s"
        ordering = ["title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("opti:page", args=[self.slug])


class LinkCheckQuerySet(models.QuerySet):
    def failed(self):
        return self.filter(ok=False)


class LinkCheck(models.Model):
    """The last check of one external link found in the site's content (`manage.py check_links`)."""

    changes_content = False  # no page shows it

    url = models.URLField("link", max_length=2000, unique=True)
    found_in = models.TextField("staat in", help_text="Waar de link op de website staat.")
    ok = models.BooleanField("werkt")
    status = models.PositiveSmallIntegerField("HTTP-status", null=True, blank=True)
    error = models.CharField("fout", max_length=300, blank=True)
    checked_at = models.DateTimeField("gecontroleerd op")

    objects = LinkCheckQuerySet.as_manager()

    class Meta:
        verbose_name = "linkcontrole"
        verbose_name_plural = "linkcontroles"
        ordering = ["ok", "url"]

    def __str__(self):
        return self.url

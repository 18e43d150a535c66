import nh3
from django.db import models
from django.urls import reverse
from django.utils.safestring import mark_safe

# The markup editors may use in page bodies; everything else is stripped when shown.
PAGE_TAGS = {"p", "h2", "h3", "ul", "ol", "li", "a", "strong", "em", "br"}


class PageManager(models.Manager):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Page(models.Model):
    """A page whose text editors maintain in the admin (privacy statement, accessibility statement)."""

    class Slug(models.TextChoices):
        PRIVACY = "privacy", "Privacyverklaring"
        ACCESSIBILITY = "toegankelijkheid", "Toegankelijkheidsverklaring"

    slug = models.SlugField("pagina", unique=True, choices=Slug.choices)
    title = models.CharField("titel", max_length=150)
    body = models.TextField(
        "tekst",
        help_text="Toegelaten opmaak: &lt;p&gt;, &lt;h2&gt;, &lt;h3&gt;, &lt;ul&gt;, &lt;ol&gt;, &lt;li&gt;, "
        "&lt;a href&gt;, &lt;strong&gt;, &lt;em&gt;, &lt;br&gt;. Andere opmaak wordt weggelaten.",
    )
    updated_at = models.DateTimeField("laatst gewijzigd", auto_now=True)

    objects = PageManager()

    class Meta:
        verbose_name = "pagina"
        verbose_name_plural = "pagina's"
        ordering = ["title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("opti:page", args=[self.slug])

    def natural_key(self):
        return (self.slug,)

    def body_html(self):
        return mark_safe(nh3.clean(self.body, tags=PAGE_TAGS, attributes={"a": {"href"}}))

"""Natural keys, declared once per model: fixtures name objects by them, so that `seed` recognises what is
already in the database. And what models with a `published` flag share: what visitors see, what editors preview."""

from functools import reduce

from django.db import models
from django.utils import timezone


class NaturalKeyQuerySet(models.QuerySet):
    """Finds an object by the values of its model's `natural_key_fields`."""

    def get_by_natural_key(self, *values):
        return self.get(**dict(zip(self.model.natural_key_fields, values, strict=True)))


class NaturalKeyModel(models.Model):
    """A model named in fixtures by `natural_key_fields` (lookups such as "municipality__nis_code" allowed).

    Its manager must come from `NaturalKeyQuerySet` (or a subclass)."""

    natural_key_fields = ("slug",)

    objects = NaturalKeyQuerySet.as_manager()

    class Meta:
        abstract = True

    def natural_key(self):
        return tuple(reduce(getattr, field.split("__"), self) for field in self.natural_key_fields)


class PublishableQuerySet(NaturalKeyQuerySet):
    """For a model with a `published` flag."""

    def published(self):
        return self.filter(published=True)

    def visible_to(self, user):
        """What `user` may open on the site: the published ones; editors also the others, as previews."""
        return self.all() if user.is_staff else self.published()


class PublishedOnQuerySet(PublishableQuerySet):
    """For a model with `published` and `published_on` (`PublishedOnMixin`)."""

    def published(self):
        """Published, from their day of publication: an editor can publish ahead of a date."""
        return self.filter(published=True, published_on__lte=timezone.localdate())


class PublishedOnMixin:
    """For a model with `published` and `published_on`: the day it is first published, unless an editor set one.
    Its manager must come from `PublishedOnQuerySet`."""

    def save(self, *args, **kwargs):
        if self.published and not self.published_on:
            self.published_on = timezone.localdate()
        super().save(*args, **kwargs)

    @property
    def is_public(self):
        """Whether visitors see it today (`PublishedOnQuerySet.published()`)."""
        return self.published and self.published_on is not None and self.published_on <= timezone.localdate()

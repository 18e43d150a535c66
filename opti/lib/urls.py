"""`reverse()` remembered per process: a model's URL is reversed for every link to it on every page (an IGS page
links each member), and Django works it out again each time. The URLs only change with the URL configuration, so
the remembered ones are dropped when a test changes it, as Django drops its own URL caches then."""

from functools import lru_cache

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix
from django.urls import reverse as django_reverse


def reverse(viewname, *args):
    return _reverse(get_script_prefix(), viewname, args)


@lru_cache(maxsize=4096)
def _reverse(script_prefix, viewname, args):
    return django_reverse(viewname, args=args)


@receiver(setting_changed)
def _forget(*, setting, **kwargs):
    if setting == "ROOT_URLCONF":
        _reverse.cache_clear()

from django.utils.functional import SimpleLazyObject

from .models import Organisation


def organisation(request):
    """OP/TIL's details for the footer of every page (read once per content version)."""
    return {"organisation": SimpleLazyObject(Organisation.current)}

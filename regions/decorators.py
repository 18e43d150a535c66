from functools import wraps

from django.http import Http404
from django.shortcuts import redirect

from .models import Municipality


def follows_merged_municipalities(view):
    """A view of one municipality (`slug`) whose address, when no municipality has it, leads permanently to the
    municipality it means: a former municipality's (/gemeenten/borsbeek/) or one in capitals."""

    @wraps(view)
    def wrapper(request, slug, **kwargs):
        try:
            return view(request, slug, **kwargs)
        except Http404:
            municipality = Municipality.objects.meant_by(slug)
            if municipality and municipality.slug != slug:
                return redirect(request.resolver_match.view_name, municipality.slug, permanent=True)
            raise

    return wrapper

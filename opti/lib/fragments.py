"""Fragments that every page repeats (the header, the menu, the footer), rendered once per content version.

A template library that is built in (TEMPLATES' `builtins`), like opti.lib.seo. `{% shared_include %}` is
`{% include %}` for a fragment that depends only on the content and on which page it is on (the menu marks the
current section): for a visitor who is not logged in, it is rendered once per process, content version and view,
and kept as a live string by `opti.lib.cache.cached()`. Django's `{% cache %}` tag is not used for this: it would
also keep a logged-in user's fragment (the menu's log-out form holds their CSRF token), and keep fragments while
the content version is unknown. Without a request or its user (error pages), or for a logged-in user, it is a plain
include.
"""

from django import template

from .cache import cached

register = template.Library()


@register.simple_tag(takes_context=True)
def shared_include(context, template_name, **values):
    def render():
        with context.push(**values):
            return context.template.engine.get_template(template_name).render(context)

    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or user.is_authenticated:
        return render()
    view_name = request.resolver_match and request.resolver_match.view_name
    return cached("shared-include", lambda *key: render(), template_name, view_name, sorted(values.items()))

"""What search engines and link previews read: the canonical address, Open Graph and Twitter card tags, and
JSON-LD (schema.org) data blocks.

A template library that is built in (TEMPLATES' `builtins`), like opti.lib.text. Absolute addresses start with
settings.SITE_URL, never with the request's host, so that a cached page names the public address."""

import html
import json
from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe

register = template.Library()

# Characters that could end the data block or start markup inside it, as JSON escapes.
SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.filter
def absolute(url):
    """`url` on the public site: a path gets SITE_URL in front; a full address (e.g. a bucket's) stays."""
    return f"{settings.SITE_URL}{url}" if str(url).startswith("/") else str(url)


@register.simple_tag(takes_context=True)
def canonical_url(context):
    """The page's public address ("" without request). Without query parameters, unless the view names those that
    made what it shows in `canonical_query` (a theme, a page number): not what a visitor typed, which may be
    nonsense the view ignored."""
    request = context.get("request")
    if request is None:
        return ""
    query = context.get("canonical_query")
    return absolute(request.path) + (f"?{urlencode(query)}" if query else "")


@register.filter
def json_ld(data):
    """A schema.org JSON-LD data block. It is not a script that runs, so the Content-Security-Policy allows it."""
    return mark_safe(
        '<script type="application/ld+json">'
        + json.dumps({"@context": "https://schema.org", **data}, ensure_ascii=False).translate(SCRIPT_ESCAPES)
        + "</script>"
    )


class CaptureNode(template.Node):
    def __init__(self, nodelist, name):
        self.nodelist = nodelist
        self.name = name

    def render(self, context):
        text = html.unescape(strip_tags(self.nodelist.render(context))).replace("\u00ad", "")
        context[self.name] = " ".join(text.split())
        return ""


@register.tag
def capture(parser, token):
    """`{% capture as name %}…{% endcapture %}`: the plain text of what is inside (blocks too) as `name`, so that
    a page's title and description can be used in several tags of the head."""
    bits = token.split_contents()
    if len(bits) != 3 or bits[1] != "as":
        raise template.TemplateSyntaxError("Use {% capture as name %}…{% endcapture %}.")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[2])


@register.simple_tag(takes_context=True)
def breadcrumbs(context, *labels_and_urls):
    """The breadcrumb trail and its BreadcrumbList: `{% breadcrumbs "Regio’s" regions_url region.name %}`, label
    and address of each level above the page, then the page's own label."""
    *above, current = labels_and_urls
    if len(above) % 2:
        raise template.TemplateSyntaxError("breadcrumbs takes pairs of label and address, then the page's label.")
    trail = [(label, url) for label, url in zip(above[::2], above[1::2], strict=True)]
    page_url = canonical_url(context)
    items = [(label, absolute(url)) for label, url in trail] + ([(current, page_url)] if page_url else [])
    data = {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": str(label), "item": url}
            for position, (label, url) in enumerate(items, start=1)
        ],
    }
    return render_to_string(
        "includes/breadcrumbs.html", {"trail": trail, "current": current, "structured_data": json_ld(data)}
    )

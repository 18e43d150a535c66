"""Rich text that editors write in the admin: one allowlist for the editor, the database and the page.

The admin shows django-prose-editor (ProseMirror/Tiptap, its assets served from static) limited to what the
stylesheet styles: paragraphs, two heading levels, lists, links, bold, italic, quotes and line breaks. Whatever
reaches the database is sanitised with nh3 on save, and again when shown (`<field>_html`), so markup that did not
come through the editor (a fixture, the shell, an older row) can never carry a script, a handler or a style.
"""

import html
import re

import nh3
from django.utils.html import linebreaks, strip_tags
from django.utils.safestring import mark_safe
from django_prose_editor.fields import ProseEditorField
from js_asset import Media

TAGS = {"p", "h2", "h3", "ul", "ol", "li", "a", "strong", "em", "blockquote", "br"}
ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
# What the editor offers; its own sanitiser is replaced by `sanitize` below (the same tags, stricter attributes).
EDITOR_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Heading": {"levels": [2, 3]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HardBreak": True,
    "Link": {"enableTarget": False, "protocols": sorted(URL_SCHEMES)},
    "History": True,
}
HELP_TEXT = "Koppen, lijsten, links, vet, cursief en citaten. Andere opmaak wordt weggelaten."

_cleaner = nh3.Cleaner(tags=TAGS, attributes=ATTRIBUTES, url_schemes=URL_SCHEMES, link_rel="noopener noreferrer")
_TAG = re.compile(r"<\s*/?\s*[a-zA-Z!]")
_EMPTY = re.compile(r"^\s*(<p>\s*(<br>)?\s*</p>\s*)*$")


def plain_text_to_html(text):
    """Plain text as HTML, escaped: a blank line starts a paragraph, a single newline is a line break."""
    return linebreaks(text.strip(), autoescape=True) if text and text.strip() else ""


def html_to_plain_text(value):
    """The text of rich text, paragraphs apart by a blank line: the inverse of `plain_text_to_html` for its output."""
    value = re.sub(r"<br\s*/?>", "\n", value or "")
    value = re.sub(r"</(p|h2|h3|li|blockquote|ul|ol)>", "\n\n", value)
    text = html.unescape(strip_tags(value))
    return re.sub(r"\n[ \t]*(\n[ \t]*)+", "\n\n", text).strip()


def sanitize(value):
    """Safe HTML from rich text; text without any tag (an older plain-text value) becomes paragraphs first."""
    if not value:
        return ""
    if not _TAG.search(value):
        value = plain_text_to_html(value)
    cleaned = _cleaner.clean(value).strip()
    if _EMPTY.match(cleaned):
        return ""
    # Markup that left only text is wrapped, so that a second pass never reads it as plain text.
    return cleaned if _TAG.search(cleaned) else f"<p>{cleaned}</p>"


class RichTextField(ProseEditorField):
    """A text field edited with the admin's rich text editor, sanitised on save; `obj.<name>_html` shows it."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("help_text", HELP_TEXT)
        super().__init__(*args, extensions=EDITOR_EXTENSIONS, sanitize=sanitize, **kwargs)

    def clean(self, value, model_instance):
        """Validated as it will be saved: an editor's empty paragraph is empty."""
        return super().clean(sanitize(value), model_instance)

    def pre_save(self, model_instance, add):
        value = sanitize(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value

    def contribute_to_class(self, cls, name, **kwargs):
        super().contribute_to_class(cls, name, **kwargs)
        setattr(cls, f"{name}_html", property(lambda obj: mark_safe(sanitize(getattr(obj, name)))))


# The one <style> element the editor adds (Tiptap's base style, `injectCSS`, in django-prose-editor's editor.js),
# allowed by its hash on the pages with an editor. A new version of the package may change it: the admin journey in
# tests/e2e fails then on the CSP error, which names the new hash.
EDITOR_STYLE_HASH = "'sha256-PlumsSlvJ7vvWzjqibGAYKq92O3y/4JTxWWsWJvyUYA='"


class RichTextAdminMixin:
    """For the admin of a model with a `RichTextField`: the editor's import map is an inline script, so its tag
    carries the request's CSP nonce (script-src allows 'self' and that nonce, nothing else inline), and the
    editor's own style element is allowed by its hash."""

    def render_change_form(self, request, context, *args, **kwargs):
        if not getattr(context.get("media"), "_importmap", None):
            return super().render_change_form(request, context, *args, **kwargs)
        context["media"] = Media.from_media(context["media"], nonce=request.csp_nonce)
        response = super().render_change_form(request, context, *args, **kwargs)
        response._csp_update = {"style-src": [EDITOR_STYLE_HASH]}
        return response

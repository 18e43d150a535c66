"""Dutch text generated from data, so that it reads as written by a person, and set so that it fits a phone.

A template library that is built in (TEMPLATES' `builtins`), so that every template can use its filters."""

import re
from functools import cache

import pyphen
from django import template

register = template.Library()
# Words this long can be wider than a phone screen in a heading: they get soft hyphens where Dutch breaks them.
LONG_WORD = 12


def and_list(items):
    """ "A", "A en B", "A, B en C"."""
    items = [str(item) for item in items]
    return " en ".join(filter(None, [", ".join(items[:-1]), items[-1]])) if items else ""


@cache
def _dictionary():
    return pyphen.Pyphen(lang="nl_NL")


@register.filter(is_safe=True)
def hyphenate(text):
    """Soft hyphens in long words at the places Dutch hyphenation allows, so that a narrow screen breaks
    "samenwerkings-verbanden" where it should instead of anywhere."""
    return re.sub(
        rf"[^\W\d_]{{{LONG_WORD},}}", lambda word: _dictionary().inserted(word[0], hyphen="\u00ad"), str(text)
    )

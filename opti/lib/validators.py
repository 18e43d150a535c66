"""Validators that several apps' fields share."""

import unicodedata

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator, validate_email

# Top-level domains that never lead to a public mailbox (RFC 2606, RFC 6761 and the private-use ones).
SPECIAL_USE_DOMAINS = {"example", "internal", "invalid", "local", "localhost", "test"}


def validate_public_email(value):
    """Refuse an address that Django's own validator accepts but that has no public domain: `x@localhost`, an IP
    address (`x@[127.0.0.1]`) or a special-use domain such as `.test`. (What Django refuses, it reports itself.)"""
    try:
        validate_email(value)
    except ValidationError:
        return
    domain = value.rpartition("@")[2].rstrip(".").lower()
    top_level = domain.rpartition(".")[2]
    if "." not in domain or domain.startswith("[") or top_level in SPECIAL_USE_DOMAINS:
        message = "Vul een e-mailadres met een publiek domein in, zoals naam@voorbeeld.be."
        raise ValidationError(message, code="not_public")


def validate_one_line(value):
    """Refuse control characters (line breaks, tabs, NUL …) and line separators in a title or a name: it must fit on
    one line wherever it is used, in an e-mail's subject too."""
    if any(unicodedata.category(character) in ("Cc", "Zl", "Zp") for character in value):
        raise ValidationError("Gebruik geen regeleinden, tabs of andere stuurtekens.", code="control_characters")


validate_phone = RegexValidator(
    r"^\+?[0-9][0-9 ./()-]{5,28}$", "Geef een telefoonnummer met alleen cijfers, bijvoorbeeld 050 12 34 56."
)

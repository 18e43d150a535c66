"""The editors' admin: the site itself (name, throttled login) and the helpers that several apps' admins share."""

import csv
from dataclasses import dataclass

from django.contrib import admin, messages
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.admin.utils import model_ngettext
from django.db import transaction
from django.dispatch import Signal
from django.http import HttpResponse
from django.utils import timezone

from .hooks import sections
from .throttle import LoginThrottleMixin, throttled_status

# What needs an editor's attention, first on the admin's front page: apps connect receivers (with `request`) that
# return `Attention` items, or a list of them; items that count nothing are left out.
attention_needed = Signal()


@dataclass(frozen=True)
class Attention:
    text: str  # e.g. "IGS zonder website of contactgegevens"
    count: int
    url: str  # the list of what it counts


class AdminLoginForm(LoginThrottleMixin, AdminAuthenticationForm):
    """The admin's login, throttled together with the site's own (/aanmelden/)."""


class AdminSite(admin.AdminSite):
    site_header = "Regionaal samenwerken: redactie"
    site_title = "Redactie Regionaal samenwerken"
    index_title = "Inhoud van de website beheren"
    login_form = AdminLoginForm
    enable_nav_sidebar = False  # the lists need the width more than a second menu

    def index(self, request, extra_context=None):
        items = [item for item in sections(attention_needed, self, request=request) if item.count]
        return super().index(request, {"attention": items, **(extra_context or {})})

    def login(self, request, extra_context=None):
        response = super().login(request, extra_context)
        form = getattr(response, "context_data", {}).get("form")
        return throttled_status(response, form) if form is not None else response


def csv_response(filename, header, rows):
    """A CSV download that Excel opens as UTF-8 (byte order mark) with Belgian separators (semicolons).

    Cells that a spreadsheet would run as a formula (starting with = + - @, tab or carriage return) get a
    leading apostrophe, so that text typed in a public form can never execute.
    """
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    for row in [header, *rows]:
        writer.writerow(
            f"'{cell}" if isinstance(cell, str) and cell.startswith(("=", "+", "-", "@", "\t", "\r")) else cell
            for cell in row
        )
    return response


def local_time(value):
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def save_and_log(modeladmin, request, obj, message, **values):
    """Set `values` on `obj`, save it (so the model's own rules apply) and note `message` in its admin history."""
    for name, value in values.items():
        setattr(obj, name, value)
    obj.save()
    modeladmin.log_change(request, obj, message)


# Actions for models with a published flag and one item featured on the home page (projects, profiles).
@admin.action(description="Publiceren", permissions=["change"])
def publish(modeladmin, request, queryset):
    for obj in queryset:
        save_and_log(modeladmin, request, obj, "Gepubliceerd.", published=True)
    modeladmin.message_user(request, f"{len(queryset)} {model_ngettext(queryset)} gepubliceerd.", messages.SUCCESS)


@admin.action(description="Niet meer publiceren", permissions=["change"])
def unpublish(modeladmin, request, queryset):
    for obj in queryset:
        save_and_log(modeladmin, request, obj, "Niet meer gepubliceerd.", published=False, featured=False)
    message = f"{len(queryset)} {model_ngettext(queryset)} niet meer gepubliceerd."
    modeladmin.message_user(request, message, messages.SUCCESS)


@admin.action(description="Op de startpagina zetten (in plaats van het huidige)", permissions=["change"])
def feature_on_home_page(modeladmin, request, queryset):
    if len(queryset) != 1 or not queryset[0].published:
        modeladmin.message_user(
            request, "Kies precies één gepubliceerd item om op de startpagina te zetten.", messages.ERROR
        )
        return
    with transaction.atomic():
        for previous in queryset.model.objects.filter(featured=True):
            save_and_log(modeladmin, request, previous, "Van de startpagina gehaald.", featured=False)
        save_and_log(modeladmin, request, queryset[0], "Op de startpagina gezet.", featured=True)
    modeladmin.message_user(request, f"“{queryset[0]}” staat nu op de startpagina.", messages.SUCCESS)


class RelationEmptyFilter(admin.EmptyFieldListFilter):
    """Django's filter on whether a field is empty, for a reverse relation (which has no verbose name of its own):
    titled after the related model, e.g. "lidmaatschap"."""

    def __init__(self, field, *args, **kwargs):
        super().__init__(field, *args, **kwargs)
        self.title = field.related_model._meta.verbose_name

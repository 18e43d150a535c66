"""The layout's one rule (README, Architecture): every dependency runs down, never back up, not even as
knowledge: a lower app names no higher app's modules, URLs, templates or relations."""

import re

from django.apps import apps
from django.conf import settings

from tests.tools.import_graph import APPS, LAYER, app_of, edges, modules, upward

TEMPLATES = settings.BASE_DIR / "templates"


def higher_apps(app):
    return [other for other in APPS if LAYER[other] > LAYER[app]]


def label(app):
    return app.rpartition(".")[2]


def test_no_import_runs_back_up():
    assert upward(edges()) == {}


def test_opti_lib_imports_no_app_of_the_site():
    assert [target for source, target in edges() if source == "opti.lib"] == []


def related_names_from_above(app):
    """The names by which models of higher apps are reached from this app's models (e.g. "memberships")."""
    names = set()
    for model in apps.get_models():
        source = app_of(model.__module__)
        if source and LAYER[source] > LAYER[app]:
            for field in model._meta.get_fields():
                forward = field.is_relation and not field.auto_created and field.related_model
                if forward and app_of(field.related_model.__module__) == app and not field.remote_field.hidden:
                    names.add(field.related_query_name())
    return names


def sources_of(app):
    """The text of the app's Python modules (not migrations) and of its templates."""
    texts = {str(path): path.read_text(encoding="utf-8") for module, path in modules() if app_of(module) == app}
    for path in (TEMPLATES / label(app)).rglob("*.html"):
        texts[str(path)] = path.read_text(encoding="utf-8")
    return texts


def test_lower_apps_never_name_a_higher_one():
    found = []
    for app in ["regions", "igs", "profiles"]:
        namespaces = "|".join(label(other) for other in higher_apps(app) if other != "opti")
        relations = "|".join(related_names_from_above(app)) or "(?!)"
        pattern = re.compile(rf"""['"]({namespaces}):|['"]({namespaces})/|\b({relations})(__|\.|\b['"])""", re.VERBOSE)
        for path, text in sources_of(app).items():
            found += [f"{path}: {match.group(0)}" for match in pattern.finditer(text)]
    assert found == []


def test_the_architecture_check_would_see_an_upward_reference():
    relations = related_names_from_above("regions")
    assert {"memberships", "coordinator_profiles"} & (relations | related_names_from_above("igs"))
    assert "memberships" in relations

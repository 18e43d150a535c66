"""The app-level import graph of the site's own code, and the direction it must run (README, Architecture).

`make graph` prints it; tests/test_architecture.py fails on an arrow that runs back up.
"""

import ast
import sys
from collections import defaultdict
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]

# From the bottom up: an app may import only from apps on a lower layer (and from itself).
LAYERS = [
    ["opti.lib"],
    ["regions"],
    ["igs"],
    ["profiles"],
    [
        "opti.subsidies",
        "opti.grensbrekers",
        "opti.newsletter",
        "opti.opendata",
        "opti.contact",
        "opti.quotes",
        "opti.kennisbank",
    ],
    ["opti"],
]
APPS = [app for layer in LAYERS for app in layer]
LAYER = {app: index for index, layer in enumerate(LAYERS) for app in layer}


def app_of(module):
    """The app a dotted module name belongs to (the longest matching app name), or None if not the site's."""
    matches = [app for app in APPS if module == app or module.startswith(f"{app}.")]
    return max(matches, key=len, default=None)


def modules():
    """(module name, path) of every Python module of the site, migrations left out."""
    for root in {app.split(".")[0] for app in APPS}:
        for path in sorted((BASE_DIR / root).rglob("*.py")):
            if "migrations" not in path.parts:
                yield ".".join(path.relative_to(BASE_DIR).with_suffix("").parts), path


def imported(module, path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{parent}.{base}" if base else parent
            yield from (f"{base}.{alias.name}" for alias in node.names)


def edges():
    """{(from app, to app): [modules that import]} for imports between different apps of the site."""
    found = defaultdict(list)
    for module, path in modules():
        source = app_of(module)
        for name in imported(module, path):
            target = app_of(name)
            if target and target != source:
                found[source, target].append(module)
    return found


def upward(found):
    return {edge: where for edge, where in found.items() if LAYER[edge[1]] >= LAYER[edge[0]]}


def main():
    found = edges()
    for (source, target), where in sorted(found.items(), key=lambda item: (-LAYER[item[0][0]], item[0])):
        flag = "  UPWARD" if LAYER[target] >= LAYER[source] else ""
        print(f"{source:18} -> {target:18} ({len(set(where))} modules){flag}")
    return 1 if upward(found) else 0


if __name__ == "__main__":
    sys.exit(main())

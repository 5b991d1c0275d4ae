"""The plan of the house: each app imports only the apps below it (README, "Layout").

Parses the imports of every module that is not a test or a migration, and fails on an arrow against the plan.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Bottom to top. An app may import the apps in the layers below its own, never one above or beside it.
LAYERS = [
    {"exports", "notifications"},  # infrastructure: features register with them; they import no app
    {"network"},  # the member core
    {"pledges"},
    {"projects"},
    {"meetings"},
    {"involvement"},  # time, payments and expenses: for meetings and project work
    {"partnership"},  # is power shared: the figures by role, the framework's criteria, the yearly review
    {"support"},  # support people who act with a member: replies, copies of emails, access needs, all recorded
    {"privacy"},  # asks every app for its personal data
    {"front"},  # the front door: the only app that knows every feature
]
LEVEL = {app: level for level, apps in enumerate(LAYERS) for app in apps}
CONFIG = "coproduction"  # settings and wiring: may import anything; apps import only its Celery app


def _modules():
    for path in sorted(ROOT.glob("*/**/*.py")):
        rel = path.relative_to(ROOT)
        if rel.parts[0] not in LEVEL and rel.parts[0] != CONFIG:
            continue
        if "migrations" in rel.parts or "tests" in rel.parts:
            continue
        yield rel, ".".join(rel.with_suffix("").parts).removesuffix(".__init__")


def _imports(path, module):
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".")[: -node.level] if not path.name == "__init__.py" else module.split(".")[
                    : len(module.split(".")) - node.level + 1]
                yield ".".join([*base, *([node.module] if node.module else [])])
            else:
                yield node.module


def arrows_against_the_plan():
    """Every import against the plan, as "file: app imports module"."""
    wrong = []
    for rel, module in _modules():
        here = rel.parts[0]
        for name in _imports(ROOT / rel, module):
            there = name.split(".")[0]
            if there == here or (there not in LEVEL and there != CONFIG):
                continue
            if here == CONFIG:
                continue
            if there == CONFIG:
                if name != "coproduction.celery" and here != "front":  # the benchmark serves the site's own URLs
                    wrong.append(f"{rel}: {here} imports {name}")
                continue
            if LEVEL[there] >= LEVEL[here]:
                wrong.append(f"{rel}: {here} imports {name}")
    return sorted(set(wrong))


def test_every_import_between_apps_runs_down_the_layers():
    assert arrows_against_the_plan() == []


def test_the_plan_names_every_app_in_the_tree():
    apps = {p.parent.name for p in ROOT.glob("*/apps.py")} - {CONFIG}  # the config holds only the admin's AppConfig
    assert apps == set(LEVEL)

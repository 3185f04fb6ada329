"""The rooms of the house and the arrows between them, read from the code's imports.

`site_config` is wiring: it may import every app, and no app imports it. The content apps
build on the core and never on `site_config`; `statements` builds on `articles` (the
`Story` base and sections), never the other way round. The core names no content app.
Run alone with `python3 -m pytest tests/test_layers.py -q` (on failure it prints the
offending imports, file and line); `python3 tests/test_layers.py` prints the graph.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Each app, and the apps it may import. Lower layers come later.
WIRING = ["site_config"]
IMPORTERS = ["wordpress"]
CONTENT = ["home", "menus", "pages", "events", "statements", "articles"]
CORE = ["images", "publishing", "ratelimit", "pagecache", "richtext", "operations"]
MAY_IMPORT = {
    "site_config": {*IMPORTERS, *CONTENT, *CORE},
    "wordpress": {"articles", "statements", "events", "pages", *CORE},
    "home": {"articles", "statements", "events", *CORE},  # the home page's layout
    "menus": {"pages", "articles", "statements", "events", *CORE},
    "pages": set(CORE),
    "events": set(CORE),
    "statements": {"articles", *CORE},
    "articles": set(CORE),
    "images": {"publishing"},
    "publishing": {"pagecache", "richtext"},
    "ratelimit": {"pagecache"},  # the cache's circuit breaker (pagecache.breaker.safe)
    "pagecache": set(),
    "richtext": set(),
    "operations": {"publishing"},  # the dashboard's notices
}
APPS = [*WIRING, *IMPORTERS, *CONTENT, *CORE]


def imports_of(path):
    """(line, imported top-level package) for every import in a Python file."""
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.lineno, node.module.split(".")[0]


def arrows():
    """{(from app, to app): [file:line, ...]} over every app's code."""
    found = {}
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            for line, target in imports_of(path):
                if target in APPS and target != app:
                    where = f"{path.relative_to(ROOT)}:{line}"
                    found.setdefault((app, target), []).append(where)
    return found


def cycles(edges):
    graph = {app: {b for a, b in edges if a == app} for app in APPS}
    state, found = {}, []

    def visit(app, trail):
        state[app] = "open"
        for nxt in graph[app]:
            if state.get(nxt) == "open":
                found.append([*trail[trail.index(nxt) :], nxt])
            elif nxt not in state:
                visit(nxt, [*trail, nxt])
        state[app] = "done"

    for app in APPS:
        if app not in state:
            visit(app, [app])
    return found


def test_every_app_folder_is_in_the_map():
    packages = {p.parent.name for p in ROOT.glob("*/__init__.py")} - {"tests"}
    assert packages == set(APPS)


def test_the_import_graph_has_no_cycle():
    assert cycles(arrows()) == []


def test_every_arrow_points_down():
    wrong = {f"{a} -> {b}": places for (a, b), places in arrows().items() if b not in MAY_IMPORT[a]}
    assert wrong == {}


def test_no_app_imports_site_config():
    assert [edge for edge in arrows() if edge[1] == "site_config"] == []


def test_site_config_defines_no_models():
    assert not (ROOT / "site_config" / "models.py").exists()
    assert not (ROOT / "site_config" / "models").exists()


def test_the_checks_see_what_they_look_for():
    # A cycle and an upward arrow in a made-up graph are found: the checks above can fail.
    assert cycles({("articles", "publishing"), ("publishing", "articles")}) != []
    assert "site_config" not in MAY_IMPORT["publishing"]


if __name__ == "__main__":
    # `python3 tests/test_layers.py` prints the graph: each app, what it imports, how often.
    found = arrows()
    for app in APPS:
        targets = sorted((b, len(p)) for (a, b), p in found.items() if a == app)
        listed = ", ".join(f"{b} ({n})" for b, n in targets) or "nothing of ours"
        print(f"{app:12} -> {listed}")

"""Browser tests: Playwright against `live_server`, plus axe-core and the Nu HTML checker.

The Node tools come from `.ci/` (`npm ci --prefix .ci`); PLACARD_NODE_TOOLS points
elsewhere. A missing tool skips these tests on a developer's machine but fails them in CI
(env CI set), so a broken CI image cannot pass by skipping everything.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; Django's ORM refuses to run
# from a thread with a running loop unless told it is safe (it is: one thread, no awaits).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

E2E_DIR = Path(__file__).parent
REPO_ROOT = E2E_DIR.parent.parent
NODE_TOOLS = Path(os.environ.get("PLACARD_NODE_TOOLS", REPO_ROOT / ".ci" / "node_modules"))

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def pytest_collection_modifyitems(config, items):
    for item in items:
        if E2E_DIR in item.path.parents:
            item.add_marker(pytest.mark.e2e)


def require(condition, reason):
    """Skip when a tool is missing, except in CI, where a missing tool is a failure."""
    if condition:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (required in CI)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def axe_script():
    path = NODE_TOOLS / "axe-core" / "axe.min.js"
    require(path.is_file(), f"axe-core not found at {path}: run `npm ci --prefix .ci`")
    return path


@pytest.fixture(scope="session")
def vnu_command():
    jar = NODE_TOOLS / "vnu-jar" / "build" / "dist" / "vnu.jar"
    require(jar.is_file(), f"vnu-jar not found at {jar}: run `npm ci --prefix .ci`")
    java = shutil.which("java")
    require(java is not None, "java is needed to run the Nu HTML checker")
    return [java, "-jar", str(jar)]


@pytest.fixture
def run_axe(axe_script):
    """`run_axe(page)` → the axe-core violations of the page as loaded."""

    def run(page):
        # Evaluated, not added as a <script>: the site's policy refuses inline scripts.
        page.evaluate("() => {\n" + axe_script.read_text() + "\n}")
        result = page.evaluate(
            """async (tags) => await axe.run(document, {
                runOnly: {type: 'tag', values: tags},
                resultTypes: ['violations'],
            })""",
            AXE_TAGS,
        )
        return result["violations"]

    return run


def describe_violations(violations):
    """axe-core violations as text a person can act on."""
    lines = []
    for violation in violations:
        lines.append(
            f"[{violation['impact']}] {violation['id']}: {violation['help']} "
            f"({violation['helpUrl']})"
        )
        for node in violation["nodes"]:
            lines.append(f"    at {' '.join(map(str, node['target']))}")
            lines.append(f"       {node['html'][:200]}")
            summary = (node.get("failureSummary") or "").replace("\n", "\n       ")
            if summary:
                lines.append(f"       {summary}")
    return "\n".join(lines)


@pytest.fixture
def check_html(vnu_command):
    """`check_html(paths)` → the Nu HTML checker's errors, as dicts with a `url` key."""

    def check(paths):
        completed = subprocess.run(
            [*vnu_command, "--errors-only", "--format", "json", *map(str, paths)],
            capture_output=True,
            text=True,
            timeout=300,
        )
        # vnu writes its JSON report to stderr; exit status 1 means "errors found".
        try:
            report = json.loads(completed.stderr or "{}")
        except json.JSONDecodeError:
            pytest.fail(f"The Nu HTML checker did not answer with JSON:\n{completed.stderr}")
        messages = report.get("messages", [])
        return [m for m in messages if m.get("type") in ("error", "non-document-error")]

    return check


def describe_html_errors(errors):
    lines = []
    for error in errors:
        where = Path(error.get("url", "")).name
        line = error.get("lastLine", "?")
        lines.append(f"{where}:{line}: {error.get('message')}")
        if error.get("extract"):
            lines.append(f"    {error['extract'].strip()[:200]}")
    return "\n".join(lines)

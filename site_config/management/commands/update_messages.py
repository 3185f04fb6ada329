"""`manage.py update_messages [-l xx ...]`: rebuild the interface's message catalogues.

One catalogue per language, `site_config/locale/<xx>/LC_MESSAGES/django.po`, holds the
strings of the Python code, the Django templates (mail, error pages) and the Jinja
templates of the public pages together. The command

1. collects the Python and Django-template strings with Django's `makemessages`,
2. collects the Jinja templates' strings with Jinja's own extractor,
3. writes both into `site_config/locale/django.pot`, the template translators start from,
4. merges that into every language's `django.po` with GNU `msgmerge`, keeping the
   translations already made (a new language, `-l xx`, starts from the template), and
5. compiles each `django.mo` with `msgfmt`.

It needs GNU gettext (`msgmerge`, `msgcat`, `msgfmt`, `msginit`); a site that only runs
the catalogues does not, as the compiled `.mo` files are kept with the code.
"""

import shutil
import subprocess
import tempfile
from contextlib import chdir
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.core.management.commands import makemessages
from django.template import engines
from django.template.backends.jinja2 import Jinja2

DOMAIN = "django"
GETTEXT_FUNCTIONS = ("_", "gettext", "ngettext", "pgettext", "npgettext")
# Never read for strings: other people's code, tests, generated files, the admin.
IGNORED = [
    ".venv",
    "venv",
    "node_modules",
    "site-packages",
    "tests",
    "static",
    "staticfiles",
    "media",
    "templates/admin",
    # makemessages would take any `locale` folder it meets for its own output.
    "locale",
    "site_config/locale",
    "*/migrations/*",
    "*/admin.py",
    "*_admin.py",
    "*/apps.py",
    "*/admin/*",
    "build",
    "dist",
]


class _PotOnly(makemessages.Command):
    """Django's `makemessages`, stopped once the template (`.pot`) is written: the
    languages' `.po` files are merged afterwards, with the Jinja strings included."""

    # `interface_text` is `gettext` remembered (see `publishing.languages`).
    xgettext_options = [*makemessages.Command.xgettext_options, "--keyword=interface_text"]

    def write_po_file(self, potfile, locale):
        pass


def _quote(text):
    escaped = (
        text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t").replace("\n", "\\n")
    )
    return f'"{escaped}"'


def jinja_messages(base_dir):
    """{(msgid, msgid_plural or None): [(path, line), ...]} for the public templates."""
    env = next(engine.env for engine in engines.all() if isinstance(engine, Jinja2))
    templates = base_dir / "templates"
    found = {}
    for path in sorted(templates.rglob("*.jinja")):
        relative = path.relative_to(base_dir)
        if relative.parts[1] == "admin":
            continue
        source = path.read_text(encoding="utf-8")
        for line, function, message in env.extract_translations(source, GETTEXT_FUNCTIONS):
            strings = (message,) if isinstance(message, str) else tuple(message)
            if function in ("pgettext", "npgettext"):
                raise CommandError(f"{relative}:{line}: contexts are not supported here.")
            if not strings or strings[0] is None:
                continue  # a variable, not a literal: nothing to translate
            plural = strings[1] if function == "ngettext" and len(strings) > 1 else None
            found.setdefault((strings[0], plural), []).append((relative.as_posix(), line))
    return found


def write_jinja_pot(messages, target):
    lines = [
        'msgid ""',
        'msgstr ""',
        '"Content-Type: text/plain; charset=UTF-8\\n"',
        '"Content-Transfer-Encoding: 8bit\\n"',
        "",
    ]
    for (msgid, plural), places in messages.items():
        lines.extend(f"#: {path}:{line}" for path, line in places)
        # Jinja's gettext always fills the string with `%`, so every `%` is a format one.
        if "%" in msgid or (plural and "%" in plural):
            lines.append("#, python-format")
        lines.append(f"msgid {_quote(msgid)}")
        if plural is None:
            lines.append('msgstr ""')
        else:
            lines.append(f"msgid_plural {_quote(plural)}")
            lines.extend(['msgstr[0] ""', 'msgstr[1] ""'])
        lines.append("")
    target.write_text("\n".join(lines), encoding="utf-8")


def run(*command):
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode:
        raise CommandError(f"{' '.join(map(str, command))} failed:\n{result.stderr}")
    return result


class Command(BaseCommand):
    help = (
        "Collect the interface's strings (Python, Django and Jinja templates) into "
        "site_config/locale/django.pot, merge them into every language's django.po "
        "and compile the .mo files."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "-l",
            "--locale",
            action="append",
            default=[],
            help="Also start (or update) this language, e.g. -l es. Repeatable.",
        )

    def handle(self, *args, **options):
        for tool in ("msgmerge", "msgcat", "msgfmt", "msginit"):
            if not shutil.which(tool):
                raise CommandError(f"GNU gettext's {tool} is needed (apt-get install gettext).")
        base_dir = Path(settings.BASE_DIR)
        locale_dir = Path(settings.LOCALE_PATHS[0])
        locale_dir.mkdir(parents=True, exist_ok=True)
        languages = sorted(
            {path.name for path in locale_dir.iterdir() if path.is_dir()} | set(options["locale"])
        )
        pot = locale_dir / f"{DOMAIN}.pot"

        # makemessages reads the tree under the working directory.
        with chdir(base_dir):
            command = _PotOnly()
            call_command(
                command,
                all=True,
                domain=DOMAIN,
                extensions=["html", "txt", "py"],
                ignore_patterns=IGNORED,
                keep_pot=True,
                no_wrap=True,
                verbosity=0,
            )
        with tempfile.TemporaryDirectory() as scratch:
            jinja_pot = Path(scratch) / "jinja.pot"
            write_jinja_pot(jinja_messages(base_dir), jinja_pot)
            sources = [pot, jinja_pot] if pot.exists() else [jinja_pot]
            run(
                "msgcat",
                "--use-first",
                "--no-wrap",
                "-o",
                str(Path(scratch) / "all.pot"),
                *map(str, sources),
            )
            shutil.copyfile(Path(scratch) / "all.pot", pot)
        count = (
            sum(
                1
                for line in pot.read_text(encoding="utf-8").splitlines()
                if line.startswith("msgid ")
            )
            - 1
        )

        for language in languages:
            folder = locale_dir / language / "LC_MESSAGES"
            folder.mkdir(parents=True, exist_ok=True)
            po = folder / f"{DOMAIN}.po"
            if po.exists():
                run(
                    "msgmerge",
                    "--quiet",
                    "--update",
                    "--backup=none",
                    "--previous",
                    "--no-wrap",
                    str(po),
                    str(pot),
                )
            else:
                run(
                    "msginit",
                    "--no-translator",
                    "--no-wrap",
                    f"--locale={language}",
                    f"--input={pot}",
                    f"--output-file={po}",
                )
            run("msgfmt", "--check-format", "-o", str(folder / f"{DOMAIN}.mo"), str(po))
        self.stdout.write(
            f"{count} messages in {pot}; languages: {', '.join(languages) or 'none yet'}."
        )

"""What an import did, or would do: counts per kind of object and the problems met, each
with the WordPress item it concerns, and the summary printed at the end."""

from collections import Counter, defaultdict

# Kinds in the order the summary lists them, with their plural labels.
KINDS = {
    "article": "articles",
    "page": "pages",
    "event": "events",
    "image": "images",
    "author": "authors",
    "section": "sections",
    "tag": "tags",
}
OUTCOMES = ("created", "updated", "skipped")


class Report:
    def __init__(self, dry_run=False):
        self.dry_run = dry_run
        self.counts = defaultdict(Counter)  # kind -> {"created": n, "updated": n, ...}
        self.skipped_types = Counter()  # WordPress post types left out
        self.problems = []  # (WordPress item id or None, message)
        self.documents = []  # WordPress ids of attachments that are not images (PDFs...)
        self.addresses = 0  # old addresses that now redirect
        self.site_title = ""
        self.wxr_version = ""

    def count(self, kind, outcome, number=1):
        self.counts[kind][outcome] += number

    def skip_type(self, post_type):
        self.skipped_types[post_type] += 1

    def problem(self, post_id, message):
        self.problems.append((post_id, message))

    def document(self, post_id):
        """A file that is not an image: Placard has no file library, so it stays behind."""
        self.documents.append(post_id)

    def all_problems(self):
        """The problems, with the documents left behind as one problem of the export."""
        if not self.documents:
            return self.problems
        ids = ", ".join(str(post_id) for post_id in self.documents)
        number = len(self.documents)
        files = "file" if number == 1 else "files"
        return [
            *self.problems,
            (
                None,
                f"documents are not imported: {number} {files} (ids {ids}); links to them "
                "still point at the old site",
            ),
        ]

    def total(self, outcome):
        return sum(counter[outcome] for counter in self.counts.values())

    def lines(self):
        """The summary, as lines of text."""
        verb = "Would import" if self.dry_run else "Imported"
        source = f"“{self.site_title}”" if self.site_title else "the export"
        version = f" (WXR {self.wxr_version})" if self.wxr_version else ""
        heads = ("would create", "would update", "would skip") if self.dry_run else OUTCOMES
        lines = [f"{verb} {source}{version}:", f"  {'':<14}" + "".join(f"{h:>14}" for h in heads)]
        for kind, label in KINDS.items():
            counter = self.counts.get(kind)
            if counter and any(counter.values()):
                cells = "".join(f"{counter[outcome]:>14}" for outcome in OUTCOMES)
                lines.append(f"  {label:<14}{cells}")
        if any(self.counts.get(kind, {}).get("updated") for kind in ("author", "section", "tag")):
            lines.append(
                "  (authors, sections and tags that already existed are counted as updated)"
            )
        lines.append(
            f"  {'old addresses':<14}{self.addresses:>14}"
            + ("  would redirect" if self.dry_run else "  redirect to the new ones")
        )
        if self.skipped_types:
            listed = ", ".join(
                f"{number} {post_type}" for post_type, number in sorted(self.skipped_types.items())
            )
            lines.append(f"Other WordPress items left out: {listed}.")
        problems = self.all_problems()
        if problems:
            lines.append(f"Problems ({len(problems)}):")
            for post_id, message in problems:
                where = f"item {post_id}" if post_id is not None else "export"
                lines.append(f"  {where}: {message}")
        else:
            lines.append("No problems.")
        if self.dry_run:
            lines.append("Dry run: nothing was stored.")
        return lines

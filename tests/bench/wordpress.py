#!/usr/bin/env python3
"""Benchmark: importing a large WordPress export.

    python3 tests/bench/wordpress.py [--posts 10000] [--attachments 300] [--keep DIR]

Writes an export of `--posts` posts (2 KB of block-editor text each, with a captioned
image, links to other posts, nested categories, tags, twenty authors) and `--attachments`
attachments, one in ten with a file in the media folder (the others are missing, and
reported), into a temporary folder; migrates a fresh SQLite database there; then runs
`manage.py import_wordpress` in a subprocess, as a user would, with debug off and
renditions queued as background tasks (production's defaults). Prints the wall time and
the peak resident memory of the import process (targets: under 2 minutes, under 300 MB),
and the end of the command's summary.
"""

import argparse
import io
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TARGET_SECONDS = 120
TARGET_MB = 300

WORDS = (
    "strike port union workers solidarity harbour picket wage ship crane dockers "
    "assembly demand contract safety shift night container quay ballot vote"
).split()


def cdata(text):
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def sentence(rng, words=14):
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def write_export(path, posts, attachments, media_dir):
    rng = random.Random(17)
    categories = []  # (slug, name, parent slug)
    for top in range(6):
        categories.append((f"topic-{top}", f"Topic {top}", ""))
        for middle in range(3):
            categories.append((f"topic-{top}-{middle}", f"Topic {top}.{middle}", f"topic-{top}"))
            categories.append(
                (f"topic-{top}-{middle}-x", f"Topic {top}.{middle} x", f"topic-{top}-{middle}")
            )
    tags = [f"tag {number}" for number in range(500)]
    first_attachment = posts + 1
    with_files = 0
    with open(path, "w", encoding="utf-8") as out:
        out.write(
            '<?xml version="1.0" encoding="UTF-8" ?>\n<rss version="2.0" '
            'xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n'
            "<title>Benchmark Union</title><link>https://bench.example.org</link>\n"
            "<language>en-GB</language><wp:wxr_version>1.2</wp:wxr_version>\n"
            "<wp:base_site_url>https://bench.example.org</wp:base_site_url>\n"
            "<wp:base_blog_url>https://bench.example.org</wp:base_blog_url>\n"
        )
        for number in range(20):
            out.write(
                f"<wp:author><wp:author_id>{number + 1}</wp:author_id>"
                f"<wp:author_login>{cdata(f'writer{number}')}</wp:author_login>"
                f"<wp:author_display_name>{cdata(f'Writer Number {number}')}"
                "</wp:author_display_name></wp:author>\n"
            )
        for term_id, (slug, name, parent) in enumerate(categories, start=1):
            out.write(
                f"<wp:category><wp:term_id>{term_id}</wp:term_id>"
                f"<wp:category_nicename>{cdata(slug)}</wp:category_nicename>"
                f"<wp:category_parent>{cdata(parent)}</wp:category_parent>"
                f"<wp:cat_name>{cdata(name)}</wp:cat_name></wp:category>\n"
            )
        for term_id, name in enumerate(tags, start=1000):
            out.write(
                f"<wp:tag><wp:term_id>{term_id}</wp:term_id>"
                f"<wp:tag_slug>{cdata(name.replace(' ', '-'))}</wp:tag_slug>"
                f"<wp:tag_name>{cdata(name)}</wp:tag_name></wp:tag>\n"
            )
        for number in range(1, posts + 1):
            year, month, day = 2010 + number % 14, 1 + number % 12, 1 + number % 28
            slug = f"post-number-{number}"
            image = first_attachment + number % attachments
            other = rng.randint(1, posts)
            paragraphs = "\n\n".join(
                f"<!-- wp:paragraph -->\n<p>{sentence(rng, 40)}</p>\n<!-- /wp:paragraph -->"
                for _ in range(5)
            )
            body = (
                f"{paragraphs}\n\n"
                f'<p>See <a href="https://bench.example.org/?p={other}">an earlier report</a>.</p>'
                f'\n\n[caption id="attachment_{image}" width="640"]<img class="wp-image-{image}" '
                f'src="https://bench.example.org/wp-content/uploads/2020/01/photo-{image}.jpg" '
                f'alt="A photo" /> {sentence(rng, 6)}[/caption]'
            )
            cats = rng.sample(categories, 2)
            terms = "".join(
                f'<category domain="category" nicename="{slug_}">{cdata(name)}</category>'
                for slug_, name, _parent in cats
            ) + "".join(
                f'<category domain="post_tag" nicename="{tag.replace(" ", "-")}">{cdata(tag)}'
                "</category>"
                for tag in rng.sample(tags, 4)
            )
            status = "publish" if number % 20 else rng.choice(["draft", "pending", "future"])
            out.write(
                f"<item><title>{cdata(sentence(rng, 7))}</title>"
                f"<link>https://bench.example.org/{year}/{month:02}/{day:02}/{slug}/</link>"
                f"<dc:creator>{cdata(f'writer{number % 20}')}</dc:creator>"
                f'<guid isPermaLink="false">https://bench.example.org/?p={number}</guid>'
                f"<content:encoded>{cdata(body)}</content:encoded>"
                f"<excerpt:encoded>{cdata(sentence(rng, 20))}</excerpt:encoded>"
                f"<wp:post_id>{number}</wp:post_id>"
                f"<wp:post_date>{cdata(f'{year}-{month:02}-{day:02} 10:00:00')}</wp:post_date>"
                f"<wp:post_date_gmt>{cdata(f'{year}-{month:02}-{day:02} 09:00:00')}"
                "</wp:post_date_gmt>"
                f"<wp:post_name>{cdata(slug)}</wp:post_name>"
                f"<wp:status>{cdata(status)}</wp:status><wp:post_parent>0</wp:post_parent>"
                f"<wp:menu_order>0</wp:menu_order><wp:post_type>{cdata('post')}</wp:post_type>"
                f"<wp:is_sticky>{1 if number % 500 == 0 else 0}</wp:is_sticky>{terms}"
                "<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key>"
                f"<wp:meta_value>{image}</wp:meta_value></wp:postmeta></item>\n"
            )
        for image in range(first_attachment, first_attachment + attachments):
            name = f"photo-{image}.jpg"
            if image % 10 == 0:
                jpeg(media_dir / "2020" / "01" / name, image)
                with_files += 1
            out.write(
                f"<item><title>{cdata(f'Photo {image}')}</title>"
                f"<link>https://bench.example.org/photo-{image}/</link>"
                f'<guid isPermaLink="false">https://bench.example.org/wp-content/uploads/2020/01/'
                f"{name}</guid><excerpt:encoded>{cdata('A caption')}</excerpt:encoded>"
                f"<wp:post_id>{image}</wp:post_id><wp:status>{cdata('inherit')}</wp:status>"
                f"<wp:post_type>{cdata('attachment')}</wp:post_type>"
                "<wp:attachment_url>https://bench.example.org/wp-content/uploads/2020/01/"
                f"{name}</wp:attachment_url>"
                "<wp:postmeta><wp:meta_key>_wp_attachment_image_alt</wp:meta_key>"
                f"<wp:meta_value>{cdata('Workers on the quay')}</wp:meta_value></wp:postmeta>"
                "</item>\n"
            )
        out.write("</channel>\n</rss>\n")
    return with_files


def jpeg(path, seed):
    from PIL import Image

    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    Image.new("RGB", (800, 600), (seed % 256, 90, 160)).save(buffer, format="JPEG")
    path.write_bytes(buffer.getvalue())


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--attachments", type=int, default=300)
    parser.add_argument("--keep", help="Work in this folder and keep it (default: a temp one).")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="placard-wp-bench-") as temporary:
        work = Path(args.keep or temporary)
        work.mkdir(parents=True, exist_ok=True)
        export, media_dir = work / "export.xml", work / "uploads"
        started = time.monotonic()
        with_files = write_export(export, args.posts, args.attachments, media_dir)
        size = export.stat().st_size / 2**20
        print(
            f"export: {args.posts} posts, {args.attachments} attachments ({with_files} with a "
            f"file), {size:.1f} MB, written in {time.monotonic() - started:.1f} s"
        )
        database = work / "bench.sqlite3"
        if database.exists():
            database.unlink()
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "site_config.settings",
            "DJANGO_DEBUG": "false",
            "DJANGO_SECRET_KEY": "benchmark-only-not-a-secret-" + "x" * 30,
            "DJANGO_ALLOWED_HOSTS": "localhost",
            "DATABASE_URL": f"sqlite:///{database}",
            "DJANGO_MEDIA_ROOT": str(work / "media"),
            "PLACARD_TASKS": "database",
            "PYTHONPATH": str(ROOT),
        }
        manage = [sys.executable, str(ROOT / "manage.py")]
        subprocess.run([*manage, "migrate", "--verbosity", "0"], env=env, check=True)

        started = time.monotonic()
        process = subprocess.Popen(
            [*manage, "import_wordpress", str(export), "--media-dir", str(media_dir)],
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        )
        output = process.stdout.read()
        _pid, status, usage = os.wait4(process.pid, 0)
        seconds = time.monotonic() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode:
            print(output)
            sys.exit(f"import_wordpress failed with exit code {process.returncode}")
        # ru_maxrss is in kilobytes on Linux: the import process alone (wait4 on its pid).
        peak_mb = usage.ru_maxrss / 1024
        summary = output.splitlines()
        print("\n".join(summary[:12]))
        if len(summary) > 12:
            print(f"  … {len(summary) - 12} more lines")
        cpu = usage.ru_utime + usage.ru_stime
        print(
            f"wall time: {seconds:.1f} s (target < {TARGET_SECONDS} s); "
            f"peak RSS: {peak_mb:.0f} MB (target < {TARGET_MB} MB); "
            f"{args.posts / seconds:.0f} posts/s"
        )
        # On a shared machine the wall time follows the load; the CPU time is steadier.
        print(f"CPU time of the import: {cpu:.1f} s; load average now: {os.getloadavg()[0]:.1f}")
        children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"(largest child process of this run, migrate included: {children:.0f} MB)")


if __name__ == "__main__":
    main()

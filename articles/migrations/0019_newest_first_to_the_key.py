"""The published articles' indexes newest first down to the key: publish time
descending, then id descending, the order of every list, feed and block of the home
page. The last column was the key ascending (the index's own), so SQLite sorted again
the rows of each list that share a publish time.

The new indexes are built (concurrently on PostgreSQL, so that editors can save during
the deploy) before the old ones go: the lists never lose their index."""

from django.db import migrations, models

import publishing.operations

REPLACED = {
    "article_pub_idx": (["status", "-publish_at", "-id"], "article_newest_idx"),
    "article_section_idx": (
        ["section", "status", "-publish_at", "-id"],
        "article_section_newest_idx",
    ),
    "article_hl_idx": (["is_highlight", "status", "-publish_at", "-id"], "article_hl_newest_idx"),
}


class Migration(migrations.Migration):
    # CREATE INDEX CONCURRENTLY runs outside a transaction.
    atomic = False

    dependencies = [("articles", "0018_sitemap_list_indexes")]

    operations = [
        *(
            publishing.operations.AddIndexConcurrently(
                model_name="article", index=models.Index(fields=fields, name=name)
            )
            for fields, name in REPLACED.values()
        ),
        *(migrations.RemoveIndex(model_name="article", name=old) for old in REPLACED),
    ]

"""Indexes for the sitemaps: the newest change of the published articles, overall (with
the columns it is made of, for the lists' files) and within each sitemap file's block of
keys (see publishing.sitemaps), built concurrently so that editors can save during the
deploy."""

from django.db import migrations, models
from django.db.models.expressions import CombinedExpression
from django.db.models.functions import Greatest

import publishing.operations


class Migration(migrations.Migration):
    # CREATE INDEX CONCURRENTLY runs outside a transaction.
    atomic = False

    dependencies = [("articles", "0014_search_words")]

    operations = [
        publishing.operations.AddIndexConcurrently(
            model_name="article",
            index=models.Index(
                Greatest("updated_at", "publish_at"),
                models.F("id"),
                models.F("updated_at"),
                models.F("publish_at"),
                condition=models.Q(("status", "published")),
                name="article_changed_idx",
            ),
        ),
        publishing.operations.AddIndexConcurrently(
            model_name="article",
            index=models.Index(
                models.ExpressionWrapper(
                    CombinedExpression(
                        CombinedExpression(models.F("id"), "/", models.Value(10000)),
                        "+",
                        models.Value(1),
                    ),
                    output_field=models.IntegerField(),
                ),
                Greatest("updated_at", "publish_at"),
                condition=models.Q(("status", "published")),
                name="article_file_changed_idx",
            ),
        ),
    ]

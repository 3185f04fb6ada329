from django.db import migrations, models

import publishing.operations


class Migration(migrations.Migration):
    # CREATE INDEX CONCURRENTLY runs outside a transaction.
    atomic = False

    dependencies = [
        ("articles", "0008_highlight_help_text"),
    ]

    operations = [
        publishing.operations.AddIndexConcurrently(
            model_name="article",
            index=models.Index(fields=["-publish_at", "-id"], name="article_admin_order_idx"),
        ),
        publishing.operations.AddIndexConcurrently(
            model_name="article",
            index=models.Index(
                condition=models.Q(("review_state", ""), _negated=True),
                fields=["review_state", "-updated_at"],
                name="article_review_idx",
            ),
        ),
    ]

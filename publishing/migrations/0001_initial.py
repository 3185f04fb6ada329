"""Site settings, slug redirects, preview links and the audit log move here from
`site_config`, with their rows, content types and revisions."""

import django.db.models.deletion
import django.utils.timezone
import publishing.models.editorial
from django.conf import settings
from django.db import migrations, models

from publishing.relabel import relabel_operation


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('site_config', '0003_roles'),
        ('images', '0001_initial'),
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ('reversion', '0002_add_index_on_version_for_content_type_and_db'),
    ]

    operations = [
        # The tables exist already (made by the app these models came from): only
        # Django's record of the models moves here.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='AuditEntry',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('username', models.CharField(max_length=150, verbose_name='username')),
                        ('action', models.CharField(choices=[('published', 'published'), ('unpublished', 'unpublished'), ('deleted', 'deleted'), ('submitted', 'submitted for review'), ('sent_back', 'sent back to the author'), ('restored', 'restored an earlier version as a draft'), ('preview_shared', 'shared a preview link'), ('preview_revoked', 'revoked a preview link')], max_length=20, verbose_name='action')),
                        ('object_id', models.PositiveBigIntegerField(null=True)),
                        ('object_repr', models.CharField(max_length=250, verbose_name='item')),
                        ('note', models.TextField(blank=True, verbose_name='note')),
                        ('at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name='when')),
                        ('content_type', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, to='contenttypes.contenttype', verbose_name='type')),
                        ('user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='user')),
                    ],
                    options={
                        'db_table': 'site_config_auditentry',
                        'verbose_name': 'audit entry',
                        'verbose_name_plural': 'audit log',
                        'ordering': ['-at', '-pk'],
                    },
                ),
                migrations.CreateModel(
                    name='PreviewLink',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('object_id', models.PositiveBigIntegerField()),
                        ('token', models.CharField(default=publishing.models.editorial.new_token, editable=False, max_length=64, unique=True)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('expires_at', models.DateTimeField(default=publishing.models.editorial.default_expiry, verbose_name='expires')),
                        ('revoked_at', models.DateTimeField(blank=True, null=True, verbose_name='revoked')),
                        ('content_type', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='contenttypes.contenttype')),
                        ('created_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'site_config_previewlink',
                        'verbose_name': 'preview link',
                        'verbose_name_plural': 'preview links',
                        'ordering': ['-created_at'],
                    },
                ),
                migrations.CreateModel(
                    name='SiteSettings',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(default='Placard', max_length=120, verbose_name='organisation name')),
                        ('tagline', models.CharField(blank=True, max_length=200, verbose_name='tagline')),
                        ('about', models.TextField(blank=True, help_text='Shown on the home page.', verbose_name='about text')),
                        ('contact_email', models.EmailField(blank=True, max_length=254, verbose_name='contact email')),
                        ('footer_text', models.TextField(blank=True, verbose_name='footer text')),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('logo', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='images.image', verbose_name='logo')),
                    ],
                    options={
                        'db_table': 'site_config_sitesettings',
                        'verbose_name': 'site settings',
                        'verbose_name_plural': 'site settings',
                    },
                ),
                migrations.CreateModel(
                    name='SocialLink',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('label', models.CharField(help_text='For example: Mastodon.', max_length=60, verbose_name='label')),
                        ('url', models.URLField(verbose_name='address')),
                        ('order', models.PositiveSmallIntegerField(default=0, verbose_name='order')),
                        ('site', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='social_links', to='publishing.sitesettings')),
                    ],
                    options={
                        'db_table': 'site_config_sociallink',
                        'verbose_name': 'social profile',
                        'verbose_name_plural': 'social profiles',
                        'ordering': ['order', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='SlugRedirect',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('object_id', models.PositiveBigIntegerField()),
                        ('old_slug', models.SlugField(max_length=200)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('content_type', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='contenttypes.contenttype')),
                    ],
                    options={
                        'db_table': 'site_config_slugredirect',
                        'verbose_name': 'slug redirect',
                        'verbose_name_plural': 'slug redirects',
                        'ordering': ['-created_at'],
                        'constraints': [models.UniqueConstraint(fields=('content_type', 'old_slug'), name='unique_old_slug_per_type')],
                    },
                ),
            ],
        ),
        relabel_operation('site_config', 'publishing', ['auditentry', 'previewlink', 'sitesettings', 'sociallink', 'slugredirect']),
    ]

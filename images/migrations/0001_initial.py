"""The image library moves here from `site_config`, with its rows, content type and revisions."""

import django.db.models.deletion
import images.processing
from django.conf import settings
from django.db import migrations, models

from publishing.relabel import relabel_operation


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('site_config', '0003_roles'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ('reversion', '0002_add_index_on_version_for_content_type_and_db'),
    ]

    operations = [
        # The tables exist already (made by the app these models came from): only
        # Django's record of the models moves here.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Image',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('title', models.CharField(help_text='For finding the image in the library.', max_length=200, verbose_name='title')),
                        ('file', models.FileField(help_text='JPEG, PNG, WebP or GIF. Location data and other metadata are removed on upload.', max_length=255, upload_to='images/%Y/%m/', validators=[images.processing.validate_upload], verbose_name='file')),
                        ('credit', models.CharField(blank=True, help_text='Photographer or source.', max_length=200, verbose_name='credit')),
                        ('width', models.PositiveIntegerField(default=0, editable=False, verbose_name='width')),
                        ('height', models.PositiveIntegerField(default=0, editable=False, verbose_name='height')),
                        ('renditions', models.JSONField(blank=True, default=dict, editable=False, verbose_name='renditions')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='uploaded')),
                        ('uploaded_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='uploaded by')),
                    ],
                    options={
                        'db_table': 'site_config_image',
                        'verbose_name': 'image',
                        'verbose_name_plural': 'images',
                        'ordering': ['-created_at', '-pk'],
                    },
                ),
            ],
        ),
        relabel_operation('site_config', 'images', ['image']),
    ]

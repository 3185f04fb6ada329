"""Statements and endorsements move here from `articles`, with their rows, content types
and revisions."""

import django.db.models.deletion
import django.utils.timezone
import django_countries.fields
import taggit.managers
from django.conf import settings
from django.db import migrations, models

from publishing.relabel import relabel_operation


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('articles', '0005_search_index'),
        ('images', '0001_initial'),
        ('taggit', '0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ('reversion', '0002_add_index_on_version_for_content_type_and_db'),
    ]

    operations = [
        # The tables exist already (made by the app these models came from): only
        # Django's record of the models moves here.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Statement',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('title', models.CharField(max_length=250, verbose_name='title')),
                        ('slug', models.SlugField(blank=True, help_text='The last part of the address. Filled in from the title; if you change it later, the old address keeps working and redirects here.', max_length=200, unique=True, verbose_name='slug')),
                        ('status', models.CharField(choices=[('draft', 'Draft'), ('published', 'Published')], default='draft', help_text='Drafts are never shown to readers.', max_length=12, verbose_name='status')),
                        ('publish_at', models.DateTimeField(default=django.utils.timezone.now, help_text='When readers can see it. A time in the future schedules a published item: it appears by itself at that moment.', verbose_name='publish time')),
                        ('summary', models.CharField(blank=True, help_text='One or two sentences for search engines and link previews. Left empty, the standfirst or the start of the text is used.', max_length=300, verbose_name='summary')),
                        ('review_state', models.CharField(blank=True, choices=[('', 'Not in review'), ('submitted', 'Waiting for review'), ('sent_back', 'Sent back to the author')], default='', max_length=12, verbose_name='review')),
                        ('review_note', models.TextField(blank=True, help_text='Why the item was sent back, for its author.', verbose_name='note from the editor')),
                        ('edit_version', models.PositiveIntegerField(default=0, editable=False, help_text='Counts saves, so that two people editing at once notice each other.')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                        ('lead_image_alt', models.CharField(blank=True, help_text='What the image shows, for people who cannot see it.', max_length=300, verbose_name='alt text')),
                        ('lead_image_decorative', models.BooleanField(default=False, help_text='Tick if the image adds nothing to the text; it then gets no alt text.', verbose_name='decorative')),
                        ('lead_image_caption', models.CharField(blank=True, max_length=300, verbose_name='caption')),
                        ('lead_image_credit', models.CharField(blank=True, help_text='Leave empty to use the credit stored with the image.', max_length=200, verbose_name='credit')),
                        ('standfirst', models.TextField(blank=True, help_text='The short lead shown under the title and on lists.', max_length=600, verbose_name='standfirst')),
                        ('body', models.TextField(blank=True, verbose_name='body')),
                        ('issuing_body', models.CharField(help_text='For example: “Adopted by the conference of the Harbourside Network”.', max_length=250, verbose_name='issued by')),
                        ('adopted_place', models.CharField(blank=True, help_text='For example: Rome.', max_length=120, verbose_name='place of adoption')),
                        ('adopted_on', models.DateField(blank=True, null=True, verbose_name='date of adoption')),
                        ('initial_signatories', models.TextField(blank=True, help_text='Organisations and people who signed before publication, one per line. They are shown above the endorsements collected on the site.', verbose_name='initial signatories')),
                        ('endorsements_open', models.BooleanField(default=True, help_text='Readers can sign while this is ticked and the closing time has not passed.', verbose_name='open for endorsement')),
                        ('endorsements_close_at', models.DateTimeField(blank=True, help_text='Optional closing time.', null=True, verbose_name='endorsements close')),
                        ('signers', models.CharField(choices=[('both', 'Organisations and individuals'), ('organisations', 'Organisations only'), ('individuals', 'Individuals only')], default='both', max_length=16, verbose_name='who may sign')),
                        ('moderated', models.BooleanField(default=False, help_text="When ticked, confirmed endorsements wait for an editor's approval before they are listed, and signers may add a public comment.", verbose_name='moderated')),
                        ('goal', models.PositiveIntegerField(blank=True, help_text='Optional number of endorsements to reach.', null=True, verbose_name='goal')),
                        ('show_individual_names', models.BooleanField(default=True, help_text='Untick to list organisations by name but only count individuals.', verbose_name='list individuals by name')),
                        ('created_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by')),
                        ('lead_image', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='images.image', verbose_name='lead image')),
                        ('section', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='%(class)ss', to='articles.section', verbose_name='section')),
                        ('tags', taggit.managers.TaggableManager(blank=True, help_text='Separate tags with commas.', through='taggit.TaggedItem', to='taggit.Tag', verbose_name='tags')),
                        ('updated_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='last changed by')),
                    ],
                    options={
                        'db_table': 'articles_statement',
                        'verbose_name': 'statement',
                        'verbose_name_plural': 'statements',
                        'ordering': ['-publish_at', '-pk'],
                        'permissions': [('export_endorsements', 'Can export endorsements with email addresses')],
                        'get_latest_by': 'publish_at',
                        'abstract': False,
                        'default_permissions': ('add', 'change', 'delete', 'view', 'publish'),
                    },
                ),
                migrations.CreateModel(
                    name='Endorsement',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('organisation', 'Organisation'), ('individual', 'Individual')], max_length=12, verbose_name='signing as')),
                        ('name', models.CharField(max_length=150, verbose_name='name')),
                        ('organisation', models.CharField(blank=True, max_length=150, verbose_name='organisation')),
                        ('role', models.CharField(blank=True, max_length=150, verbose_name='role or position')),
                        ('country', django_countries.fields.CountryField(blank=True, max_length=2, verbose_name='country')),
                        ('email', models.EmailField(max_length=254, verbose_name='email')),
                        ('comment', models.TextField(blank=True, max_length=500, verbose_name='public comment')),
                        ('consent_listed', models.BooleanField(default=False, verbose_name='agreed to be listed')),
                        ('consent_contact', models.BooleanField(default=False, verbose_name='agreed to be contacted')),
                        ('status', models.CharField(choices=[('pending', 'Awaiting confirmation'), ('confirmed', 'Confirmed'), ('approved', 'Approved'), ('rejected', 'Rejected')], default='pending', max_length=10, verbose_name='status')),
                        ('token_nonce', models.CharField(blank=True, editable=False, max_length=32)),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='signed')),
                        ('confirmed_at', models.DateTimeField(blank=True, null=True, verbose_name='confirmed')),
                        ('confirmation_sent_at', models.DateTimeField(blank=True, null=True, verbose_name='confirmation sent')),
                        ('moderated_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='moderated by')),
                        ('statement', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='endorsements', to='statements.statement', verbose_name='statement')),
                    ],
                    options={
                        'db_table': 'articles_endorsement',
                        'verbose_name': 'endorsement',
                        'verbose_name_plural': 'endorsements',
                        'ordering': ['-created_at', '-pk'],
                    },
                ),
                migrations.AddIndex(
                    model_name='statement',
                    index=models.Index(fields=['status', '-publish_at'], name='statement_pub_idx'),
                ),
                migrations.AddIndex(
                    model_name='endorsement',
                    index=models.Index(fields=['statement', 'status', 'kind', 'name'], name='endorsement_list_idx'),
                ),
                migrations.AddConstraint(
                    model_name='endorsement',
                    constraint=models.UniqueConstraint(fields=('statement', 'email'), name='one_endorsement_per_email'),
                ),
            ],
        ),
        relabel_operation('articles', 'statements', ['statement', 'endorsement']),
    ]

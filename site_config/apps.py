from axes import apps as axes_apps
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django_tasks_db import apps as tasks_apps
from taggit import apps as taggit_apps


class SiteConfigConfig(AppConfig):
    """Project wiring: no models of its own; installed for `manage.py quickstart` and for
    the history of the tables it once held (its migrations)."""

    name = "site_config"
    verbose_name = _("Site configuration")


# Other projects' apps under the names editors see in the admin (headings of the admin
# home page and breadcrumbs), instead of the libraries' own names. Named in
# INSTALLED_APPS; `default = False` keeps `SiteConfigConfig` this module's own app.


class TagsConfig(taggit_apps.TaggitAppConfig):
    default = False
    verbose_name = _("Tags")


class LoginAttemptsConfig(axes_apps.AppConfig):
    default = False
    verbose_name = _("Login attempts")


class BackgroundTasksConfig(tasks_apps.TasksAppConfig):
    default = False
    verbose_name = _("Background tasks")

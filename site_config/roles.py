"""The three editorial roles, as permission groups.

*Author*: writes and changes their own drafts, uploads images, submits for review; may not
publish, change other people's work, or see endorsers' data. *Editor*: changes and
publishes all content, moderates and exports endorsements, reads the audit log.
*Administrator*: everything an editor may do, plus user accounts, roles and site settings.

Ownership ("their own") is enforced in the admin classes; the groups carry model
permissions. The groups are created by a migration and kept in step after every
`migrate`, so that content types added later get their permissions too.
"""

AUTHOR, EDITOR, ADMINISTRATOR = "Author", "Editor", "Administrator"
ROLES = (AUTHOR, EDITOR, ADMINISTRATOR)

# Content apps whose models editors manage in full.
CONTENT_APPS = ("articles", "events", "taggit")
# Models an author may add and change (their own), by app label.
AUTHOR_MODELS = {
    "articles": {"article", "statement"},
    "events": {"event", "speaker", "eventexception"},
    "site_config": {"image"},
}
AUTHOR_VIEW_ONLY = {"articles": {"author", "section"}, "taggit": {"tag"}}
# Nobody but editors sees endorsers' data; an author gets no endorsement permission at all.
EDITOR_EXTRA = {
    "site_config": {"image", "previewlink"},
}
EDITOR_VIEW_ONLY = {"site_config": {"auditentry"}}
ADMINISTRATOR_EXTRA = {
    "auth": {"user", "group"},
    "site_config": {"sitesettings", "sociallink", "slugredirect"},
}


def wanted_permissions(role, permissions):
    """The subset of `permissions` (objects with app_label, model, codename) for `role`."""
    chosen = []
    for perm in permissions:
        app, model, action = perm.app_label, perm.model, perm.codename.split("_", 1)[0]
        if role == AUTHOR:
            if model in AUTHOR_MODELS.get(app, ()) and action in (
                "add",
                "change",
                "view",
                "delete",
            ):
                chosen.append(perm)
            elif model in AUTHOR_VIEW_ONLY.get(app, ()) and action == "view":
                chosen.append(perm)
            continue
        editor_ok = (
            app in CONTENT_APPS
            or model in EDITOR_EXTRA.get(app, ())
            or (model in EDITOR_VIEW_ONLY.get(app, ()) and action == "view")
        )
        if role == EDITOR and editor_ok:
            chosen.append(perm)
        elif role == ADMINISTRATOR and (editor_ok or model in ADMINISTRATOR_EXTRA.get(app, ())):
            chosen.append(perm)
    return chosen


def sync_roles(group_model, permission_model, using="default"):
    """Create the role groups and give each exactly its permissions (idempotent)."""
    permissions = list(permission_model.objects.using(using).select_related("content_type").all())
    for perm in permissions:
        perm.app_label, perm.model = perm.content_type.app_label, perm.content_type.model
    for role in ROLES:
        group, _created = group_model.objects.using(using).get_or_create(name=role)
        group.permissions.set(wanted_permissions(role, permissions))


def sync_roles_after_migrate(sender, using="default", **kwargs):
    from django.apps import apps as installed
    from django.contrib.auth.models import Group, Permission

    with_models = [config for config in installed.get_app_configs() if config.models_module]
    if sender is not with_models[-1]:
        return  # permissions of later apps do not exist yet
    sync_roles(Group, Permission, using=using)


def is_editor(user):
    """Editors and administrators; authors are not. Decided by permission, not by name."""
    return bool(user and user.is_active and user.has_perm("site_config.view_auditentry"))

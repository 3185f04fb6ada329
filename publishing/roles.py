"""The three editorial roles, as permission groups.

*Author*: writes and changes their own drafts, uploads images, submits for review; may not
publish, change other people's work, or see endorsers' data. *Editor*: changes and
publishes all content, moderates and exports endorsements, reads the audit log.
*Administrator*: everything an editor may do, plus user accounts, roles and site settings.

Each model declares what each role may do with it in `role_permissions`, for example
`{AUTHOR: OWN_WORK, EDITOR: ALL}`; administrators get whatever editors get, plus their own
entry. A model that declares nothing is for superusers only. Ownership ("their own") is
enforced in the admin classes; the groups carry model permissions. The groups are created
by a migration and kept in step after every `migrate`, so that content types added later
get their permissions too.
"""

AUTHOR, EDITOR, ADMINISTRATOR = "Author", "Editor", "Administrator"
ROLES = (AUTHOR, EDITOR, ADMINISTRATOR)

ALL = "all"
# Authors add items and change or delete their own (ownership is checked in the admin).
OWN_WORK = ("add", "change", "delete", "view")
READ = ("view",)

# Models of other projects, which cannot declare their own.
OTHER_APPS = {
    ("taggit", "tag"): {AUTHOR: READ, EDITOR: ALL},
    ("taggit", "taggeditem"): {EDITOR: ALL},
    ("auth", "user"): {ADMINISTRATOR: ALL},
    ("auth", "group"): {ADMINISTRATOR: ALL},
}


def declared_permissions(app_label, model_name):
    """What the model at `app_label.model_name` grants to each role, from its declaration."""
    from django.apps import apps

    if (app_label, model_name) in OTHER_APPS:
        return OTHER_APPS[(app_label, model_name)]
    try:
        model = apps.get_model(app_label, model_name)
    except LookupError:
        return {}  # a content type whose model no longer exists
    return getattr(model, "role_permissions", {})


def grants(declaration, role, action):
    def allows(entry):
        return entry == ALL or action in (entry or ())

    if allows(declaration.get(role)):
        return True
    # Administrators may do what editors may.
    return role == ADMINISTRATOR and allows(declaration.get(EDITOR))


def wanted_permissions(role, permissions):
    """The subset of `permissions` (objects with app_label, model, codename) for `role`."""
    chosen = []
    for perm in permissions:
        declaration = declared_permissions(perm.app_label, perm.model)
        if grants(declaration, role, perm.codename.split("_", 1)[0]):
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
    return bool(user and user.is_active and user.has_perm("publishing.view_auditentry"))

"""The two roles of editing in admin, as groups, so that a fresh install has them.

"Editors" edit every listing and moderate (the `spaces.moderate_space` permission is what lets
admin show them every space), and look accounts up to link makers to them. "Space managers" may change only the spaces they manage (see
members.models.spaces_managed_by): a space's details and parts and its memberships, and look
up the cities, vocabularies and makers those forms pick from. members/services.py
grant_space_management puts an account in that group.

Permissions are created by a post_migrate signal, after every migration: they are created
here first, the usual recipe, so that this migration can hand them out.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EVERY = ["add", "change", "delete", "view"]

EDITORS = {
    "spaces": {
        "city": EVERY,
        "network": EVERY,
        "service": EVERY,
        "equipment": EVERY,
        "space": [*EVERY, "moderate"],
        "openinghours": EVERY,
        "membershipplan": EVERY,
        "spacephoto": EVERY,
        "spacelink": EVERY,
        "review": ["view"],
        "submission": ["view"],
        "tombstone": ["view"],
        # Deleting a space deletes its requests too, and admin asks for the permission.
        "tourrequest": ["view", "delete"],
    },
    "members": {
        "maker": EVERY,
        "makerlink": EVERY,
        "membership": EVERY,
        "project": EVERY,
        "fundinground": EVERY,
        "managementgrant": ["add", "delete", "view"],
        "joinrequest": ["delete"],
    },
    # To link a maker to their account.
    "auth": {"user": ["view"]},
}

SPACE_MANAGERS = {
    "spaces": {
        "space": ["change", "view"],
        "openinghours": EVERY,
        "membershipplan": EVERY,
        "spacephoto": EVERY,
        "spacelink": EVERY,
        "city": ["view"],
        "service": ["view"],
        "equipment": ["view"],
        "tourrequest": ["view"],
    },
    "members": {
        "membership": EVERY,
        "maker": ["view"],
        "joinrequest": ["view", "change"],
    },
}

GROUPS = {"Editors": EDITORS, "Space managers": SPACE_MANAGERS}


def codename(action: str, model: str) -> str:
    return f"{action}_{model}"


def create_groups(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, grants in GROUPS.items():
        group, _created = Group.objects.get_or_create(name=name)
        for app_label, models in grants.items():
            for model, actions in models.items():
                for action in actions:
                    group.permissions.add(
                        Permission.objects.get(
                            content_type__app_label=app_label,
                            content_type__model=model,
                            codename=codename(action, model),
                        )
                    )


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("members", "0008_management_and_history"),
        ("spaces", "0007_moderation_and_history"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]

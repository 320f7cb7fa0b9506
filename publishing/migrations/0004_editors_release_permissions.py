"""Editors announce, reschedule and cancel releases: the release permissions for the `editors` group."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ACTIONS = ["add", "change", "delete", "view"]


def grant(apps, schema_editor):
    # Permissions are made after migrate (post_migrate); this migration needs them now.
    app_config = apps.get_app_config("publishing")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="editors")
    codenames = [f"{action}_release" for action in ACTIONS]
    group.permissions.add(*Permission.objects.filter(content_type__app_label="publishing", codename__in=codenames))


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    group = apps.get_model("auth", "Group").objects.filter(name="editors").first()
    if group is not None:
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="publishing", codename__endswith="_release"))


class Migration(migrations.Migration):
    dependencies = [("publishing", "0003_releases")]

    operations = [migrations.RunPython(grant, revoke)]

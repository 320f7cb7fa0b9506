"""The `editors` group: the model permissions to publish (add, change, delete, view)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PUBLISHED_MODELS = {
    "locations": ["source", "area", "location", "locationfact"],
    "metrics": [
        "indicator", "observation", "refugeecaseload", "refugeebreakdown", "budget", "budgetcategory",
    ],
}  # fmt: skip
ACTIONS = ["add", "change", "delete", "view"]


def create_editors(apps, schema_editor):
    # Permissions are made after migrate (post_migrate); this migration needs them now.
    for label in PUBLISHED_MODELS:
        app_config = apps.get_app_config(label)
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="editors")
    for label, models in PUBLISHED_MODELS.items():
        codenames = [f"{action}_{model}" for model in models for action in ACTIONS]
        group.permissions.add(*Permission.objects.filter(content_type__app_label=label, codename__in=codenames))


def remove_editors(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="editors").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("publishing", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("locations", "0003_history"),
        ("metrics", "0002_history"),
    ]

    operations = [migrations.RunPython(create_editors, remove_editors)]

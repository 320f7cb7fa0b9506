from importlib import import_module
from io import StringIO

from django.contrib.auth.models import Group, Permission
from django.core.management import call_command, get_commands


def restore_editors_group() -> None:
    """The `editors` group as its data migration makes it; a transactional test's flush removes it."""
    migration = import_module("publishing.migrations.0002_editors_group")
    group, _ = Group.objects.get_or_create(name="editors")
    for label, models in migration.PUBLISHED_MODELS.items():
        codenames = [f"{action}_{model}" for model in models for action in migration.ACTIONS]
        group.permissions.add(*Permission.objects.filter(content_type__app_label=label, codename__in=codenames))


def editor_token(name: str = "hardening") -> str | None:
    """An editor's API token once `create_editor` exists (the publishing issue), else None.

    Lets the fuzzing and body tests send writes as an editor.
    """
    if "create_editor" not in get_commands():
        return None
    restore_editors_group()
    stdout = StringIO()
    call_command("create_editor", name, stdout=stdout)
    return stdout.getvalue().split()[-1]

from django.apps import AppConfig
from django.core import checks


class ReadPathConfig(AppConfig):
    """The read path as an app only to register its system check (jobcenter_api.readpath.checks)."""

    name = "jobcenter_api.readpath"
    label = "readpath"
    verbose_name = "read path"

    def ready(self) -> None:
        from jobcenter_api.readpath.checks import check_declared_lists

        checks.register(check_declared_lists, checks.Tags.urls)

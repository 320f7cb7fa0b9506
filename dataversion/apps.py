from django.apps import AppConfig


class DataVersionConfig(AppConfig):
    name = "dataversion"
    verbose_name = "data version"

    def ready(self) -> None:
        from dataversion import signals

        signals.connect()

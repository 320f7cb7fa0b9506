from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "publishing"
    verbose_name = "Publishing: editors and the change log"

    def ready(self) -> None:
        from simple_history.signals import post_create_historical_record

        from publishing import releases
        from publishing.changelog import record_change

        releases.connect()

        post_create_historical_record.connect(record_change, dispatch_uid="publishing.record_change")

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from publishing.models import Change

CHANGES_SCHEMA = {
    "type": "object",
    "description": "Each changed field with its old and new value (null when the record was created or deleted).",
    "additionalProperties": {
        "type": "object",
        "properties": {"old": {"nullable": True}, "new": {"nullable": True}},
        "required": ["old", "new"],
    },
    "example": {"value": {"old": 3.3, "new": 3.4}},
}


@extend_schema_field(CHANGES_SCHEMA)
class ChangesField(serializers.JSONField):
    pass


class ChangeSerializer(serializers.ModelSerializer):
    changes = ChangesField()

    class Meta:
        model = Change
        fields = ["id", "resource", "object_id", "action", "changed_at", "changes"]

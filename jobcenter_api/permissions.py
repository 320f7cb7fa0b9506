"""Who may do what: everybody reads, editors (model permissions) publish."""

from typing import TYPE_CHECKING

from rest_framework.permissions import SAFE_METHODS, DjangoModelPermissions

if TYPE_CHECKING:  # rest_framework.views imports the permission classes of the settings
    from rest_framework.request import Request
    from rest_framework.views import APIView


class ReadOpenWriteEditors(DjangoModelPermissions):
    """Reads need nothing; a write needs a token (401) of a user with the model permission (403).

    Views that do not publish (`publishes` unset) let a write through to their 405.
    """

    def has_permission(self, request: "Request", view: "APIView") -> bool:
        if request.method in SAFE_METHODS or not getattr(view, "publishes", False):
            return True
        return super().has_permission(request, view)

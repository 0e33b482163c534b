from django.utils.translation import gettext_lazy as _

from balai.core.errors import DomainError


class QualityError(DomainError):
    default_code = "quality_invalid"
    default_message = _("Permintaan tidak dapat diproses.")

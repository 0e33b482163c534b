"""Logging filter: no log record ever carries a full NIK or KK number."""

from __future__ import annotations

import logging

from .masking import mask_identity_numbers


class MaskIdentityNumbers(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_identity_numbers(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True

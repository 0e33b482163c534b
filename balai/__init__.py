"""Balai: public services without a face-to-face visit."""

from .celery import app as celery_app

__all__ = ["celery_app"]

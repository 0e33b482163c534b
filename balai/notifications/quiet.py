"""Quiet hours: no SMS or WhatsApp between 21:00 and 07:00 Asia/Jakarta; a message due then waits
for 07:00 (the same morning when it is after midnight, the next one before)."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from . import conf

QUIET_CHANNELS = frozenset({"sms", "whatsapp"})


def is_quiet(moment: datetime) -> bool:
    hour = moment.astimezone(ZoneInfo(conf.QUIET_TIMEZONE)).hour
    start, end = conf.QUIET_START_HOUR, conf.QUIET_END_HOUR
    return hour >= start or hour < end if start > end else start <= hour < end


def allowed_from(channel: str, moment: datetime) -> datetime:
    """The first moment at or after ``moment`` when ``channel`` may send."""
    if channel not in QUIET_CHANNELS or not is_quiet(moment):
        return moment
    zone = ZoneInfo(conf.QUIET_TIMEZONE)
    local = moment.astimezone(zone)
    morning = datetime.combine(local.date(), time(conf.QUIET_END_HOUR), tzinfo=zone)
    if local >= morning:  # the evening part: tomorrow morning
        morning = datetime.combine(local.date() + timedelta(days=1), time(conf.QUIET_END_HOUR), tzinfo=zone)
    return morning

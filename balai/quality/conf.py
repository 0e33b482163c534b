"""Settings of the quality app (``getattr(settings, NAME, default)``; never in balai/settings.py)."""

import os

from django.conf import settings

# Complaint answer time in working days, and the one extension. REFERENCE §6.3: the follow-up
# deadlines of PermenPANRB 62/2018 could not be confirmed (UNCONFIRMED); Jatim units commonly
# publish 10 working days + 7 working days' extension in their own service standards.
COMPLAINT_SLA_DAYS: int = getattr(settings, "QUALITY_COMPLAINT_SLA_DAYS", 10)
COMPLAINT_EXTENSION_DAYS: int = getattr(settings, "QUALITY_COMPLAINT_EXTENSION_DAYS", 7)
COMPLAINT_SLA_CONFIRMED: bool = False  # shown as "UNCONFIRMED" beside the figure

# The national channel's report page (SP4N-LAPOR!, Perpres 76/2013); {number} is the tracking ID.
# The address shape is UNCONFIRMED: set it to what the province's LAPOR! admin account shows.
LAPOR_URL: str = getattr(settings, "QUALITY_LAPOR_URL", "https://www.lapor.go.id/laporan/detil/{number}")

# Fewest responses before staff see a figure of one office and service in one month (fewer could
# point at a person the staff served).
SURVEY_MIN_CELL: int = getattr(settings, "QUALITY_SURVEY_MIN_CELL", 3)

# How many case-log rows one refresh run reads at most (the beat task runs again for the rest).
REFRESH_BATCH: int = getattr(settings, "QUALITY_REFRESH_BATCH", 20_000)

DATA_LICENCE: str = getattr(settings, "QUALITY_DATA_LICENCE", "CC BY 4.0")

# Invite the applicant to the survey (balai.notifications) when the refresh task sees a completion.
SURVEY_INVITATIONS: bool = getattr(settings, "QUALITY_SURVEY_INVITATIONS",
                                  os.environ.get("QUALITY_SURVEY_INVITATIONS", "1") != "0")

# The public dashboard shows a scope's ASN fluency shares only when at least this many ASN are
# counted (a share of two people is a statement about each of them).
FLUENCY_MIN_ASN: int = getattr(settings, "QUALITY_FLUENCY_MIN_ASN", 5)
# The fluency counts are recomputed (tasks.refresh_fluency) at most this often.
FLUENCY_REFRESH_SECONDS: int = getattr(settings, "QUALITY_FLUENCY_REFRESH_SECONDS", 3600)

"""HTML views: citizen portal, officer desk, public tracking. Thin: parse, one call, render.

One module per audience: ``public`` (catalogue, service page, tracking), ``citizen`` (the apply
wizard and the applicant's case pages), ``desk`` (the officer desk); ``common`` holds what they
share. Every view is re-exported here, so ``balai.cases.views.<name>`` keeps working."""

from .citizen import (
    UploadForm,
    application_cancel,
    application_page,
    apply_data,
    apply_review,
    apply_start,
    apply_uploads,
    attachment_download,
    draft_delete,
    my_applications,
    receipt,
)
from .common import DESK, applicant_view, attachment_response
from .desk import (
    FILTER_KEYS,
    QUEUE_PAGE_SIZE,
    CounterForm,
    QueueFilter,
    desk_action,
    desk_case,
    desk_counter,
    desk_queue,
    desk_review,
    notices_read,
)
from .public import TrackForm, TrackPageThrottle, bench_bare, catalogue, service_page, track_page

__all__ = [
    "DESK", "FILTER_KEYS", "QUEUE_PAGE_SIZE", "CounterForm", "QueueFilter", "TrackForm", "TrackPageThrottle",
    "UploadForm", "applicant_view", "application_cancel", "application_page", "apply_data", "apply_review",
    "apply_start", "apply_uploads", "attachment_download", "attachment_response", "bench_bare", "catalogue",
    "desk_action", "desk_case", "desk_counter", "desk_queue", "desk_review", "draft_delete", "my_applications",
    "notices_read", "receipt", "service_page", "track_page",
]

from .citizen import (
    certificate,
    hub,
    licence_add,
    licence_page,
    licence_remove,
    passport_add,
    passport_booking_add,
    passport_booking_paid,
    passport_readiness_page,
)
from .keliling import book as sim_book
from .keliling import schedule as sim_keliling
from .keliling import schedule_ics as sim_keliling_ics
from .keliling import staff_schedule, staff_schedule_cancel
from .public import fees_page
from .staff import licence_photo, licence_review_page, review_list

__all__ = ["certificate", "fees_page", "hub", "licence_add", "licence_page", "licence_photo", "licence_remove",
           "licence_review_page", "passport_add", "passport_booking_add", "passport_booking_paid",
           "passport_readiness_page", "review_list", "sim_book", "sim_keliling", "sim_keliling_ics", "staff_schedule",
           "staff_schedule_cancel"]

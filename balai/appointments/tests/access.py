"""This app's rows of the site-wide route tables (merged by balai/web/tests/access_matrix.py and
test_crawl.py): see those modules for the meaning of each table."""

EXPECTED: dict[str, tuple[str, str]] = {
    "appointments:index": ("GET", "public"),
    "appointments:book": ("GET", "public"),
    "appointments:day-slots": ("GET", "public"),
    "appointments:mine": ("GET", "citizen"),
    "appointments:booking": ("GET", "object"),
    "appointments:booking-ics": ("GET", "object"),
    "appointments:cancel": ("POST", "object"),
    "appointments:staff-day": ("GET", "officer"),
    "appointments:staff-check-in": ("POST", "officer"),
    "appointments:staff-no-show": ("POST", "object"),
    "appointments:staff-check-in-one": ("POST", "object"),
    "appointments:staff-locations": ("GET", "officer"),
    "appointments:staff-location-new": ("GET", "supervisor"),
    "appointments:staff-location": ("GET", "object"),
    "appointments:staff-service": ("POST", "object"),
    "appointments:staff-closure": ("POST", "object"),
    "appointments:staff-closure-delete": ("POST", "object"),
    "appointments:utilisation": ("GET", "supervisor"),
    "appointments:api-locations": ("GET", "public"),
    "appointments:api-availability": ("GET", "public"),
    "appointments:api-bookings": ("GET", "citizen"),
    "appointments:api-booking": ("GET", "object"),
    "appointments:api-cancel": ("POST", "object"),
    "appointments:api-move": ("POST", "object"),
    "appointments:api-check-in": ("POST", "officer"),
}
SAMPLE_ARGS: dict[str, str] = {}
NOT_PAGES: dict[str, str] = {
    "appointments:day-slots": "the slots of one day, loaded by htmx into the booking page (its links work without it)",
    "appointments:booking-ics": "an iCalendar file the booking page links to, not a page",
}
# A booking's page is linked from "Booking saya", a location's page from the staff locations list:
# the crawl's accounts hold no booking and their regencies no location, so nobody reaches them there.
OBJECT_PAGES: dict[str, set[str]] = {"appointments:booking": set(), "appointments:staff-location": set()}
UNLINKED: dict[str, tuple[set[str], str]] = {}

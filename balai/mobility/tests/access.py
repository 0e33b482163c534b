"""This app's rows of the site-wide route tables (merged by balai/web/tests/access_matrix.py and
test_crawl.py): see those modules for the meaning of each table."""

EXPECTED: dict[str, tuple[str, str]] = {
    "mobility:hub": ("GET", "citizen"),
    "mobility:fees": ("GET", "public"),
    "mobility:licence_add": ("GET", "citizen"),
    "mobility:licence": ("GET", "object"),  # the caller's own licence
    "mobility:licence_remove": ("POST", "object"),
    "mobility:sim_book": ("GET", "object"),  # the caller's licence at a location offering SIM renewal
    "mobility:passport_readiness": ("GET", "citizen"),
    "mobility:certificate": ("GET", "citizen"),
    "mobility:passport_add": ("GET", "citizen"),
    "mobility:passport_booking_add": ("GET", "citizen"),
    "mobility:passport_booking_paid": ("POST", "object"),
    "mobility:sim_keliling": ("GET", "public"),
    "mobility:sim_keliling_ics": ("GET", "public"),
    "mobility:staff_schedule": ("GET", "officer"),
    "mobility:staff_schedule_cancel": ("POST", "object"),  # a visit in the officer's regencies
    "mobility:review_list": ("GET", "officer"),
    "mobility:licence_review": ("GET", "object"),  # a licence of a holder in the officer's regencies
    "mobility:licence_photo": ("GET", "object"),
    "mobility:api-licences": ("GET", "citizen"),
    "mobility:api-passport-readiness": ("GET", "citizen"),
}
SAMPLE_ARGS: dict[str, str] = {
    "<int:location_id>": "999999",
    "<int:service_id>": "999999",
}
NOT_PAGES: dict[str, str] = {
    "mobility:sim_keliling_ics": "an iCalendar file the SIM Keliling page links to, not a page",
    "mobility:licence_photo": "the photo of a card the officer's review page shows (an image)",
}
OBJECT_PAGES: dict[str, set[str]] = {
    "mobility:licence": set(),  # the crawl's citizens have recorded no licence
    "mobility:sim_book": set(),
    "mobility:licence_review": set(),  # no licence waits for an officer in the crawl's world
}
UNLINKED: dict[str, tuple[set[str], str]] = {
    "mobility:certificate": ({"citizen"}, "linked from the passport check once it shows register data, which needs a "
                                          "matched identity (the crawl's plain citizen is only claimed)"),
}

"""This app's rows of the site-wide route tables (merged by balai/web/tests/access_matrix.py and
test_crawl.py): see those modules for the meaning of each table."""

EXPECTED: dict[str, tuple[str, str]] = {
    "notifications:mine": ("GET", "citizen"),
    "notifications:preferences": ("GET", "citizen"),
    "notifications:phone": ("GET", "citizen"),
    "notifications:staff_events": ("GET", "supervisor"),
    "notifications:staff_event": ("GET", "supervisor"),
    "notifications:template": ("GET", "admin"),
    # demo mode only (BALAI_DEMO=1), off in the matrix: 404 for everyone
    "notifications:sandbox": ("GET", "nobody"),
    "notifications:sandbox-callback": ("POST", "nobody"),
}
SAMPLE_ARGS: dict[str, str] = {
    "<str:event_code>": "cases.returned",
    "<str:channel>": "sms",
    "<str:language>": "en",
}
NOT_PAGES: dict[str, str] = {
    "notifications:sandbox": "the sandbox inbox exists in demo mode only (menu entry shown then)",
}
OBJECT_PAGES: dict[str, set[str]] = {}
UNLINKED: dict[str, tuple[set[str], str]] = {}

"""This app's rows of the site-wide route tables (merged by balai/web/tests/access_matrix.py and
test_crawl.py): see those modules for the meaning of each table."""

_DOWNLOAD = "a file (XLSX, PDF, CSV, JSON) a page links to, not a page"

EXPECTED: dict[str, tuple[str, str]] = {
    "quality:surveys": ("GET", "citizen"),
    "quality:survey": ("GET", "object"),  # one completed application of the caller
    "quality:skm_report": ("GET", "desk"),
    "quality:skm_file": ("GET", "desk"),
    "quality:skm_entry": ("GET", "desk"),
    "quality:complaint_new": ("GET", "public"),
    "quality:complaints_mine": ("GET", "citizen"),
    "quality:complaint_register": ("GET", "public"),
    "quality:complaint": ("GET", "object"),  # the reporter's own, or with the follow key
    "quality:desk_complaints": ("GET", "desk"),
    "quality:desk_complaint": ("GET", "object"),
    "quality:dashboard": ("GET", "public"),
    "quality:dashboard_file": ("GET", "public"),
    "quality:supervision": ("GET", "supervisor"),
    "quality:units": ("GET", "public"),
    "quality:unit": ("GET", "object"),  # public, for any unit that exists (404 for an unknown id)
    "quality:pledge_file": ("GET", "object"),  # public, when the unit has a current maklumat
    "quality:pledge_desk": ("GET", "supervisor"),
}
SAMPLE_ARGS: dict[str, str] = {
    "<str:report_format>": "xlsx",
    "<str:data_format>": "csv",
    "<str:number>": "999999999",
}
NOT_PAGES: dict[str, str] = {
    "quality:skm_file": _DOWNLOAD,
    "quality:dashboard_file": _DOWNLOAD,
    "quality:pledge_file": _DOWNLOAD,
}
OBJECT_PAGES: dict[str, set[str]] = {
    "quality:survey": set(),  # the crawl's citizens have no completed application
    "quality:complaint": set(),
    "quality:desk_complaint": set(),
    # every role, from the units list (a footer link) once the crawl's cases have created an office
    "quality:unit": {"anonymous", "citizen_verified", "citizen", "officer", "supervisor", "agent", "admin"},
}
UNLINKED: dict[str, tuple[set[str], str]] = {
    "quality:pledge_desk": ({"admin"}, "the maklumat is issued by a supervisor of the unit; an admin holds no unit "
                                       "(the page opens and lists none)"),
}

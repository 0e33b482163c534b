"""This app's rows of the site-wide route tables (merged by balai/web/tests/access_matrix.py and
test_crawl.py): see those modules for the meaning of each table."""

EXPECTED: dict[str, tuple[str, str]] = {
    "asn:home": ("GET", "officer"),
    "asn:course": ("GET", "object"),
    "asn:quiz": ("GET", "object"),
    "asn:practice": ("GET", "officer"),
    "asn:practice_start": ("POST", "officer"),
    "asn:practice_case": ("GET", "object"),
    "asn:practice_decide": ("POST", "object"),
    "asn:fluency": ("GET", "supervisor"),
    "asn:files": ("GET", "supervisor"),
    "asn:promotion_propose": ("POST", "object"),
    "asn:forward": ("POST", "object"),
    "asn:api-promotions": ("POST", "officer"),  # 400 for an empty body: any ASN role may propose (scope in the service)
}
SAMPLE_ARGS: dict[str, str] = {}
NOT_PAGES: dict[str, str] = {}
# The seeded courses (a data migration) are linked from the training page of every ASN role.
OBJECT_PAGES: dict[str, set[str]] = {
    "asn:course": {"officer", "supervisor", "admin"},
    "asn:quiz": {"officer", "supervisor", "admin"},
}
UNLINKED: dict[str, tuple[set[str], str]] = {
    "asn:practice_case": ({"officer", "supervisor", "admin"},
                          "a practice case exists once its owner starts a practice session (a form)"),
}

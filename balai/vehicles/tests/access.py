"""This app's rows of the site-wide route tables for the routes added since the tables moved beside
each app (merged by balai/web/tests/access_matrix.py and test_crawl.py; the older vehicles rows stay
in those files): see those modules for the meaning of each table."""

EXPECTED: dict[str, tuple[str, str]] = {
    "vehicles:transfers": ("GET", "citizen"),
    "vehicles:transfer": ("GET", "object"),
    "vehicles:transfer_pay": ("POST", "object"),
    "vehicles:staff_transfers": ("GET", "officer"),
    "vehicles:staff_transfer": ("GET", "object"),
}
SAMPLE_ARGS: dict[str, str] = {}
NOT_PAGES: dict[str, str] = {}
# The crawl's world holds no transfer case: nobody reaches these there. They are linked from the
# buyer's list of transfers (vehicles:transfers) and the Samsat's list (vehicles:staff_transfers) and the
# desk's case page; tests/test_browser_transfer.py follows those links.
OBJECT_PAGES: dict[str, set[str]] = {"vehicles:transfer": set(), "vehicles:staff_transfer": set()}
UNLINKED: dict[str, tuple[set[str], str]] = {}

"""The shell registries: what each app adds to the site's menus, home page, staff desks, public
pages and catalogue search, and where each role lands after signing in.

Apps register at start-up in ``AppConfig.ready()`` (in the spirit of Wagtail's hooks and Django
admin's ``AdminSite.register``); ``balai.web`` renders only what is registered, filtered by the
viewer's role and an optional predicate. So a lower app never names a higher app's pages, nothing
is advertised that no app registered, and a page that no entry or link leads to is caught by the
crawl test (``balai/web/tests/test_crawl.py``).

Places:
- ``menu``: the header menu (citizen pages, the staff desks);
- ``home``: the home page's service cards (each a link), also searched by the catalogue;
- ``tools``: the staff desk's tool list, per role;
- ``public``: public pages (footer links), also searched by the catalogue;
- ``landing``: the page a role lands on after signing in (first matching entry by order).

Roles are the account roles (``citizen``, ``officer``, ``supervisor``, ``agent``, ``admin``) plus
``anonymous`` for a visitor who is not signed in. Core sits below accounts, so they are plain
strings here.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils import translation
from django.utils.functional import Promise
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

ANONYMOUS = "anonymous"
CITIZEN = "citizen"
OFFICER = "officer"
SUPERVISOR = "supervisor"
AGENT = "agent"
ADMIN = "admin"
STAFF = frozenset({OFFICER, SUPERVISOR, AGENT, ADMIN})
EVERYONE = frozenset({ANONYMOUS, CITIZEN}) | STAFF

MENU, HOME, TOOLS, PUBLIC, LANDING = "menu", "home", "tools", "public", "landing"
PLACES = frozenset({MENU, HOME, TOOLS, PUBLIC, LANDING})

Label = str | Promise
Predicate = Callable[[Any], bool]


def role_of(user: Any) -> str:
    """The viewer's role for the registries: ``anonymous`` when not signed in."""
    if user is None or not getattr(user, "is_authenticated", False):
        return ANONYMOUS
    return getattr(user, "role", "") or ANONYMOUS


def has_citizen_profile(user: Any) -> bool:
    """Predicate for citizen pages: the account has a citizen profile (``citizen_required``)."""
    return hasattr(user, "citizen")


@dataclass(frozen=True)
class Entry:
    place: str
    url_name: str
    label: Label
    roles: frozenset[str]
    order: int = 100
    text: Label = ""
    args: tuple = ()
    query: tuple[tuple[str, str], ...] = ()
    keywords: tuple[str, ...] = ()
    provides: tuple[str, ...] = ()
    when: Predicate | None = None

    def allows(self, user: Any) -> bool:
        if role_of(user) not in self.roles:
            return False
        return self.when is None or bool(self.when(user))

    @property
    def url(self) -> str:
        url = reverse(self.url_name, args=self.args)
        return f"{url}?{urlencode(self.query)}" if self.query else url


_entries: dict[tuple, Entry] = {}


def _register(place: str, url_name: str, label: Label, *, roles: Iterable[str], order: int = 100,
              text: Label = "", args: Iterable = (), query: dict[str, str] | None = None,
              keywords: Iterable[str] = (), provides: Iterable[str] = (), when: Predicate | None = None) -> Entry:
    allowed = frozenset(roles)
    if place not in PLACES:
        raise ValueError(f"unknown shell place {place!r}")
    if not allowed or not allowed <= EVERYONE:
        raise ValueError(f"roles of {url_name!r} must be a non-empty subset of {sorted(EVERYONE)}: {sorted(allowed)}")
    entry = Entry(place=place, url_name=url_name, label=label, roles=allowed, order=order, text=text,
                  args=tuple(args), query=tuple(sorted((query or {}).items())), keywords=tuple(keywords),
                  provides=tuple(provides), when=when)
    # ready() may run more than once (tests, reloads): the same entry registered again replaces itself
    _entries[(place, url_name, entry.args, entry.query, allowed)] = entry
    return entry


def register_menu(url_name: str, label: Label, *, roles: Iterable[str], order: int = 100,
                  when: Predicate | None = None, args: Iterable = (), query: dict[str, str] | None = None) -> Entry:
    """A header menu entry (short label)."""
    return _register(MENU, url_name, label, roles=roles, order=order, when=when, args=args, query=query)


def register_home_card(url_name: str, title: Label, text: Label, *, roles: Iterable[str] = EVERYONE,
                       order: int = 100, keywords: Iterable[str] = (), provides: Iterable[str] = (),
                       when: Predicate | None = None, args: Iterable = (),
                       query: dict[str, str] | None = None) -> Entry:
    """A service card on the home page (a link), also found by the catalogue search. ``keywords``
    are extra search words in Indonesian and English; ``provides`` names the planned services
    (``PLANNED``) the card makes available."""
    return _register(HOME, url_name, title, roles=roles, order=order, text=text, keywords=keywords,
                     provides=provides, when=when, args=args, query=query)


def register_staff_tool(url_name: str, label: Label, text: Label = "", *, roles: Iterable[str], order: int = 100,
                        when: Predicate | None = None, args: Iterable = (),
                        query: dict[str, str] | None = None) -> Entry:
    """A tool on the staff desk of ``roles``."""
    return _register(TOOLS, url_name, label, roles=roles, order=order, text=text, when=when, args=args, query=query)


def register_public_page(url_name: str, label: Label, text: Label = "", *, order: int = 100,
                         keywords: Iterable[str] = (), provides: Iterable[str] = (), args: Iterable = (),
                         query: dict[str, str] | None = None) -> Entry:
    """A page open to everyone (footer link), also found by the catalogue search."""
    return _register(PUBLIC, url_name, label, roles=EVERYONE, order=order, text=text, keywords=keywords,
                     provides=provides, args=args, query=query)


def register_landing(url_name: str, *, roles: Iterable[str], order: int = 100, when: Predicate | None = None,
                     args: Iterable = ()) -> Entry:
    """Where ``roles`` land after signing in; the lowest ``order`` whose predicate holds wins."""
    return _register(LANDING, url_name, url_name, roles=roles, order=order, when=when, args=args)


def registered(place: str | None = None) -> list[Entry]:
    """Every registered entry (of ``place``), whoever may see it: for tests and checks."""
    found = [e for e in _entries.values() if place is None or e.place == place]
    return sorted(found, key=lambda e: (e.place, e.order, e.url_name, e.args, e.query))


def entries(place: str, user: Any = None) -> list[Entry]:
    """The entries of ``place`` that ``user`` may see (``None``: a visitor not signed in), in order."""
    return [e for e in registered(place) if e.allows(user)]


def landing_url(user: Any) -> str:
    for entry in entries(LANDING, user):
        return entry.url
    return "/"


# --- catalogue search ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Unavailable:
    """A service people look for that Balai does not offer yet (the architecture plans it)."""

    code: str
    label: Label
    text: Label
    keywords: tuple[str, ...]


# Searched so a citizen who types "SIM" or "paspor" learns Balai does not have it yet, instead of
# an empty list. Never advertised (no card, no menu); silent once an app registers an entry that
# ``provides`` the code.
PLANNED = (
    Unavailable("sim", _("SIM (surat izin mengemudi)"),
                _("Balai belum melayani SIM. Untuk sementara, perpanjangan SIM diurus di Satpas Polri "
                  "atau lewat aplikasi SINAR milik Polri."),
                ("sim", "surat izin mengemudi", "driving licence", "driving license", "driver license")),
    Unavailable("paspor", _("Paspor"),
                _("Balai belum melayani paspor. Untuk sementara, paspor diurus di kantor Imigrasi "
                  "atau lewat aplikasi M-Paspor milik Ditjen Imigrasi."),
                ("paspor", "passport", "imigrasi", "immigration")),
)


@dataclass(frozen=True)
class SearchResult:
    entries: list[Entry]
    unavailable: list[Unavailable]


_WORD = re.compile(r"[a-z0-9]+")


def _words(text: str) -> set[str]:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return set(_WORD.findall(plain))


def _in_both_languages(*labels: Label) -> str:
    parts: list[str] = []
    for language in ("id", "en"):
        with translation.override(language):
            parts.extend(str(label) for label in labels if label)
    return " ".join(parts)


def _matches(query_words: set[str], hay: set[str]) -> bool:
    # Short words (SIM, KK, PKB) must match a whole word, else "sim" would find "simulasi";
    # longer ones also match the start of a word, for search-as-you-type ("kenda" → kendaraan).
    return all(q in hay or (len(q) >= 4 and any(w.startswith(q) for w in hay)) for q in query_words)


def search(query: str, user: Any = None) -> SearchResult:
    """Registered home cards and public pages matching every word of ``query`` (in Indonesian or
    English, by label, text and keywords), and the planned services it names that no app provides."""
    query_words = _words(query or "")
    if not query_words:
        return SearchResult([], [])
    found: list[Entry] = []
    seen_urls: set[str] = set()
    for entry in entries(HOME, user) + entries(PUBLIC, user):
        hay = _words(_in_both_languages(entry.label, entry.text) + " " + " ".join(entry.keywords))
        if entry.url not in seen_urls and _matches(query_words, hay):
            seen_urls.add(entry.url)
            found.append(entry)
    provided = {code for e in _entries.values() for code in e.provides}
    unavailable = [p for p in PLANNED if p.code not in provided
                   and _matches(query_words, _words(_in_both_languages(p.label) + " " + " ".join(p.keywords)))]
    return SearchResult(found, unavailable)

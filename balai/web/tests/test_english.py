"""English complete, catalogue data included.

Each role's pages are reached the way ``test_crawl`` reaches them (following links from where the
role lands), with the page language set to English. The visible text of every page (text nodes and
the attributes a person sees or hears: ``alt``, ``title``, ``placeholder``, ``aria-label``, a button's
``value``) must hold none of the project's Indonesian source strings:

- every msgid of the project's ``.po`` files whose English differs from it (so a template string not
  translated, or a ``.po`` entry left empty, shows up as its Indonesian msgid);
- the Indonesian text of the service catalogue (names, descriptions, requirements, procedure steps,
  cost notes, products, complaint channels, legal bases, form labels and choices) wherever its
  English differs.

A string is found when it appears as whole words. Strings with placeholders are looked for by their
literal pieces. Not looked for: a piece the English text itself uses as a term (an English msgstr or
catalogue English holds it as whole words, e.g. "KTP-el" in "electronic ID card (KTP-el)"). Not looked
in: the data of the test's world (people's names, bill descriptions, names of treasury accounts: data
typed or named, not the interface) and ``IGNORED``, the few strings that may appear in an English
page, with the reason.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from django.conf import settings

from .test_crawl import ROLES, crawl, crawlers  # noqa: F401  (crawlers: the fixture, reused)

pytestmark = pytest.mark.django_db

PACKAGE = Path(settings.PACKAGE_DIR)  # balai/: every app's catalogue and the project's

# Indonesian strings that may appear in an English page, and why (keep this short).
IGNORED: dict[str, str] = {
    "Bahasa Indonesia": "the language switch names the other language in that language",
}
# Pieces shorter than this (after placeholders are cut out) are not looked for alone: a piece such
# as "Rp" or "RT" is the same word in both languages, and a short piece of a longer message says
# nothing on its own.
MIN_PIECE = 8

_PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\{\s*\w+\s*\}\}|\{\w*\}")
_TAG = re.compile(r"<[^>]+>")


def _pieces(text: str, *, formatted: bool) -> list[str]:
    text = _TAG.sub(" ", text).replace("%%", "%")  # a template's % is %% in its catalogue
    parts = _PLACEHOLDER.split(text) if formatted or _PLACEHOLDER.search(text) else [text]
    pieces = []
    for part in parts:
        part = " ".join(part.split()).strip(" .,:;—-–()")
        if part and (len(part) >= MIN_PIECE or (len(parts) == 1 and len(part) >= 3)):
            pieces.append(part)
    return pieces


def _po_files() -> list[Path]:
    return sorted(PACKAGE.glob("**/locale/en/LC_MESSAGES/django.po"))


def english_of_po() -> list[str]:
    texts = []
    for path in _po_files():
        for entry in polib.pofile(str(path)):
            texts += [entry.msgstr, *entry.msgstr_plural.values()]
    return texts


def english_of_catalogue() -> list[str]:
    from balai.cases.catalogue_text import _FORM_ENGLISH
    from balai.cases.handlers import handler_for
    from balai.cases.models import Requirement, ServiceVersion

    texts = list(_FORM_ENGLISH.values())
    for version in ServiceVersion.objects.all():
        texts += [getattr(version, f.name) for f in ServiceVersion._meta.fields if f.name.endswith("_en")]
        for spec in handler_for(version).form_fields(version):
            texts += [spec.get("label_en", ""), spec.get("help_en", "")]
            texts += [str(c[2]) for c in spec.get("choices") or [] if isinstance(c, list | tuple) and len(c) > 2]
    for req in Requirement.objects.all():
        texts += [req.name_en, req.description_en]
    return texts


def indonesian_sources() -> dict[str, str]:
    """The Indonesian pieces to look for, minus the terms the English text itself uses."""
    english = " \n ".join(t for t in english_of_po() + english_of_catalogue() if t)
    return {piece: where for piece, where in {**indonesian_of_po(), **indonesian_of_catalogue()}.items()
            if not re.search(rf"(?<!\w){re.escape(piece)}(?!\w)", english)}


def world_data() -> list[str]:
    """Names and free text of the test's world: shown as typed or named, in any language."""
    from balai.accounts.models import User
    from balai.cases.models import Office
    from balai.documents.models import Document
    from balai.payments.models import Beneficiary, Bill

    names = [name for name in User.objects.values_list("full_name", flat=True) if name]
    values = [*names, *(name.split()[0] for name in names),  # pages greet people by their first name
              *Bill.objects.values_list("description", flat=True), *Beneficiary.objects.values_list("name", flat=True),
              *Office.objects.values_list("name", flat=True), *Document.objects.values_list("issuing_unit", flat=True)]
    return sorted({v for v in values if v}, key=len, reverse=True)


def indonesian_of_po() -> dict[str, str]:
    """Indonesian piece → where it comes from, for every translated msgid whose English differs."""
    found: dict[str, str] = {}
    for path in _po_files():
        for entry in polib.pofile(str(path)):
            if entry.obsolete or "fuzzy" in entry.flags:
                continue
            english = {entry.msgstr, *entry.msgstr_plural.values()}
            for source in filter(None, (entry.msgid, entry.msgid_plural)):
                if source in english or source in IGNORED:
                    continue
                for piece in _pieces(source, formatted="python-format" in entry.flags):
                    if piece not in english and piece not in IGNORED:
                        found.setdefault(piece, f"{path.relative_to(PACKAGE)}: {entry.msgid[:60]!r}")
    return found


def indonesian_of_catalogue() -> dict[str, str]:
    """The catalogue's Indonesian text (rows and form fields) where its English differs."""
    from balai.cases.handlers import handler_for
    from balai.cases.models import Requirement, ServiceVersion

    found: dict[str, str] = {}

    def add(indonesian: str, english: str, where: str) -> None:
        english_lines = set(english.splitlines()) | {english}
        for line in indonesian.splitlines():
            line = line.strip()
            if len(line) >= 3 and line not in english_lines and line not in IGNORED:
                found.setdefault(line, where)

    for version in ServiceVersion.objects.select_related("service"):
        code = version.service.code
        add(version.name_id, version.name_en, f"{code}.name")
        for field in ("description", "requirements_note", "procedure", "cost_note", "product", "complaint_channel",
                      "legal_basis"):
            add(getattr(version, field), getattr(version, f"{field}_en"), f"{code}.{field}")
        for spec in handler_for(version).form_fields(version):
            add(spec.get("label", ""), spec.get("label_en", ""), f"{code} form {spec['name']}")
            add(spec.get("help", ""), spec.get("help_en", ""), f"{code} form {spec['name']} help")
            for choice in spec.get("choices") or []:
                if isinstance(choice, list | tuple) and len(choice) > 1:
                    add(str(choice[1]), str(choice[2]) if len(choice) > 2 else "", f"{code} form {spec['name']}")
    for req in Requirement.objects.select_related("service_version__service"):
        where = f"{req.service_version.service.code} requirement {req.code}"
        add(req.name, req.name_en, where)
        add(req.description, req.description_en, where)
    return found


class _VisibleText(HTMLParser):
    ATTRIBUTES = ("alt", "title", "placeholder", "aria-label")

    def __init__(self) -> None:
        super().__init__()
        self.chunks: list[str] = []
        self._hidden = 0
        self._quoted, self._quoted_tag = 0, ""

    def handle_starttag(self, tag, attrs) -> None:
        values = dict(attrs)
        if self._quoted:  # inside text marked as another language: count nesting of its tag
            self._quoted += tag == self._quoted_tag
            return
        if (values.get("lang") or "en").split("-")[0] != "en":
            # a record of text in another language, marked as such (WCAG 3.1.2 language of parts):
            # a message as it was sent in the recipient's language, say
            self._quoted, self._quoted_tag = 1, tag
            return
        if tag in ("script", "style", "template"):
            self._hidden += 1
        self.chunks += [values[a] for a in self.ATTRIBUTES if values.get(a)]
        if tag == "input" and values.get("type") in ("submit", "button") and values.get("value"):
            self.chunks.append(values["value"])

    def handle_endtag(self, tag) -> None:
        if self._quoted:
            self._quoted -= tag == self._quoted_tag
            return
        if tag in ("script", "style", "template") and self._hidden:
            self._hidden -= 1

    def handle_data(self, data) -> None:
        if not self._hidden and not self._quoted:
            self.chunks.append(data)


def visible_text(html: str) -> str:
    parser = _VisibleText()
    parser.feed(html)
    return " ".join(" ".join(parser.chunks).split())


def indonesian_in(text: str, sources: dict[str, str]) -> list[tuple[str, str, str]]:
    """(piece, where it comes from, the text around it) of every source piece in ``text``."""
    hits = []
    for piece, where in sources.items():
        match = piece in text and re.search(rf"(?<!\w){re.escape(piece)}(?!\w)", text)
        if match:
            hits.append((piece, where, text[max(0, match.start() - 40):match.end() + 40]))
    return hits


class _Recorder:
    """A test client that keeps the HTML of every page it gets (``crawl`` only calls ``get``)."""

    def __init__(self, client) -> None:
        self.client = client
        self.pages: dict[str, str] = {}

    def get(self, url, *args, **kwargs):
        response = self.client.get(url, *args, **kwargs)
        if response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
            self.pages[url] = response.content.decode()
        return response


def test_the_sources_are_found():
    """The detector finds a known untranslated template string and catalogue text, and not English."""
    sources = indonesian_sources()
    assert "Katalog layanan" in sources and "Pencatatan kelahiran (akta kelahiran + KK baru)" in sources
    assert "Nama anak" in sources  # a label of a form that is code (civil)
    assert "KTP-el" not in sources  # the English text uses the term
    assert indonesian_in("Home · Katalog layanan · x", sources)
    assert not indonesian_in("Home · Service catalogue · Birth registration", sources)


@pytest.mark.parametrize("role", list(ROLES))
def test_every_page_in_english_holds_no_indonesian(crawlers, role):  # noqa: F811
    client, landing = crawlers[role]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    recorder = _Recorder(client)
    crawl(recorder, landing)
    assert len(recorder.pages) >= 3
    sources = indonesian_sources()
    not_interface = [*IGNORED, *world_data()]
    problems = []
    for url, html in sorted(recorder.pages.items()):
        assert 'lang="en"' in html, f"{role}: {url} is not in English"
        text = visible_text(html)
        for value in not_interface:
            text = text.replace(value, " ")
        for piece, where, around in indonesian_in(text, sources):
            problems.append(f"{url}: {piece!r} ({where}) in “…{around}…”")
    assert problems == [], f"{role}: Indonesian on English pages:\n" + "\n".join(problems)

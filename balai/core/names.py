"""Names of people as typed into forms (account full name, names in Adminduk applications).

Indonesian names come in every shape: one word ("Sukarno"), apostrophes ("Ma'ruf"), dots and
commas of titles ("H. Abd. Rahman, S.Pd."), hyphens, Latin letters with diacritics ("Nguyễn"), and
other scripts. All of those are letters (Unicode categories L*) with combining marks (M*), so they
are accepted; a name is stored in NFC, so "Nguyễn" typed decomposed (NFD) and composed is the
same stored value. Digits, symbols, emoji and invisible formatting characters (zero-width joiners,
right-to-left overrides that make a name display as something else) are refused with a message
that says which characters are allowed.

The rules every text obeys (no surrogates or control characters, NFC, a length limit) are
``balai.core.text.clean_text``'s: a name passes it first, then the name's own rules.
"""

from __future__ import annotations

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from balai.core.text import clean_text

NAME_PUNCTUATION = frozenset("'’.,-")


def clean_person_name(value: str, *, max_length: int | None = None) -> str:
    """The name through ``clean_text`` (NFC, no invisible or control characters, at most
    ``max_length``), runs of whitespace made single spaces; ValidationError when it is empty or
    holds a character that is not a letter, a combining mark, a space or ' ’ . , -."""
    name = clean_text(" ".join(clean_text(value or "").split()), max_length=max_length)
    if not name:
        raise ValidationError(_("Nama wajib diisi."), code="required")
    bad = sorted({ch for ch in name if not (unicodedata.category(ch)[0] in "LM" or ch == " "
                                             or ch in NAME_PUNCTUATION)})
    if bad:
        shown = ", ".join(f"U+{ord(ch):04X}" if not ch.isprintable() or unicodedata.category(ch) == "Cf" else ch
                          for ch in bad[:5])
        raise ValidationError(
            _("Nama hanya boleh berisi huruf, spasi, titik, koma, tanda hubung, dan apostrof "
              "(tidak boleh: %(chars)s).") % {"chars": shown}, code="invalid_name")
    if not any(unicodedata.category(ch)[0] == "L" for ch in name):
        raise ValidationError(_("Nama harus memuat huruf."), code="invalid_name")
    return name

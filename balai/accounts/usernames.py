"""Usernames: ASCII only, and never one that looks like an account that already exists.

A username is what staff read in the admin, in audit entries and in messages; ``wаrga2`` with a
Cyrillic ``а`` beside ``warga2``, or ``petugasl`` beside ``petugas1``, lets one account pass for
another. Two rules:

1. a new username uses ASCII letters, digits and ``. _ - + @`` (Django's ASCII username set); a
   character outside it is refused with its name and, if it has one, the Latin letter it imitates;
2. its *skeleton* must differ from every existing username's. The skeleton is what a reader sees:
   NFKC, each non-ASCII character replaced by the ASCII character it imitates (Unicode's
   confusables as shipped by ``confusable_homoglyphs``), case folded, then the ASCII look-alikes of
   those same tables folded together: ``rn`` → ``m``, ``0`` → ``o``, and ``1``, ``I``, ``l`` (and,
   once case is folded, ``i``) → ``l``.

Each account stores its skeleton (``User.username_skeleton``, unique): a candidate is checked by one
indexed lookup, and two sign-ups racing for look-alike names cannot both be created (the loser's
insert fails on the constraint and is told why, as if it had come second).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from confusable_homoglyphs.confusables import confusables_data
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

ALLOWED = re.compile(r"[A-Za-z0-9.@+_-]+")
_ALLOWED_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.@+_-")
# ASCII look-alikes, after case folding: confusables.txt pairs 0/O, 1/l, I/l and rn/m; with case
# folded, O is o and I is i.
_FOLD = str.maketrans({"0": "o", "1": "l", "i": "l"})


@cache
def _imitated() -> dict[str, str]:
    """Non-ASCII character → the ASCII text it imitates (first ASCII homoglyph in the tables)."""
    table: dict[str, str] = {}
    for char, glyphs in confusables_data.items():
        if len(char) != 1 or char.isascii():
            continue
        for glyph in glyphs:
            text = glyph["c"]
            if text.isascii() and text.isprintable() and not text.isspace():
                table[char] = text
                break
    return table


def skeleton(username: str) -> str:
    """What ``username`` looks like, as a comparable string (see the module docstring)."""
    text = unicodedata.normalize("NFKC", username)
    imitated = _imitated()
    text = "".join(ch if ch.isascii() else imitated.get(ch, ch) for ch in text)
    return text.casefold().replace("rn", "m").translate(_FOLD)


def _not_ascii(username: str) -> ValidationError | None:
    strange = [ch for ch in username if ch not in _ALLOWED_CHARS]
    if not strange:
        return None
    message = _("Nama pengguna hanya boleh memakai huruf a–z tanpa aksen, angka 0–9, dan tanda . _ - + @.")
    char = strange[0]
    name = unicodedata.name(char, f"U+{ord(char):04X}")
    imitates = _imitated().get(char)
    if imitates and ALLOWED.fullmatch(imitates):
        message += " " + _("Karakter “%(char)s” (%(name)s) tampak seperti “%(latin)s”, tetapi bukan huruf "
                           "Latin: ketik ulang dengan papan ketik Latin.") % {"char": char, "name": name,
                                                                                 "latin": imitates}
    elif char.isspace():
        message += " " + _("Spasi tidak boleh dipakai.")
    else:
        message += " " + _("Karakter “%(char)s” (%(name)s) tidak boleh dipakai.") % {"char": char, "name": name}
    return ValidationError(message, code="ascii")


def validate_username(username: str) -> None:
    """Raise ``ValidationError`` (code ``ascii``, ``duplicate`` or ``lookalike``) for a username a
    new account may not take."""
    from .models import User  # models import nothing from here; kept local for the app registry

    error = _not_ascii(username)
    if error is not None:
        raise error
    taken = list(User.objects.filter(Q(username_skeleton=skeleton(username)) | Q(username__iexact=username))
                 .values_list("username", flat=True)[:20])
    if any(name.casefold() == username.casefold() for name in taken):
        raise ValidationError(_("Nama pengguna ini sudah dipakai."), code="duplicate")
    if taken:
        raise ValidationError(_("Nama pengguna ini terlalu mirip dengan nama pengguna yang sudah ada (huruf dan "
                                "angka yang tampak sama, seperti l, 1 dan I, O dan 0, atau rn dan m). Pilih "
                                "nama lain."), code="lookalike")


def username_check(username: str) -> str:
    """For services: the username as it will be stored, or ``ValidationError({"username": ...})``
    so that a form shows the reason at its username field."""
    username = (username or "").strip()
    try:
        validate_username(username)
    except ValidationError as exc:
        raise ValidationError({"username": exc.error_list}) from exc
    return username

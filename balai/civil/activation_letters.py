"""Activation letters for the post (``balai activation_letters``): every letter a citizen asked for
(accounts' ``letter_request``) gets its one-time code and is printed, one A4 page each, into PDF
parts of a batch in ``IDENTITY_LETTER_DIR/<batch>/part-0001.pdf`` … for the mail room.

The code exists in clear only in the PDF: accounts keeps a keyed hash. A part is built in one
transaction — codes given, letters marked printed, audit entries — and its file is moved into
place (written to ``.tmp``, then renamed) before that transaction commits. So:

- resumable: a run stopped half-way commits the parts it finished; running again with the same
  ``--batch`` prints only the letters still waiting, into the next part numbers;
- a part whose transaction rolled back after its file was renamed has codes nobody can use (their
  hashes were never stored); the next run reuses its part number and overwrites that file.

Letters that can no longer serve are cancelled instead of printed: the account was verified or
released meanwhile, or the register has no address for the NIK any more.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation

from balai.accounts.identity import register_source
from balai.accounts.identity_letters import format_code, letter_issue_code, letters_to_print
from balai.accounts.identity_services import letter_cancel
from balai.accounts.models import ActivationLetter, IdentityLevel
from balai.core.masking import mask_nik
from balai.documents.rendering import render_pdf

TEMPLATE = "civil/pdf/activation_letters.html"


@dataclass
class BatchReport:
    batch: str
    printed: int = 0
    cancelled: int = 0
    parts: list[Path] | None = None


def default_batch_name() -> str:
    return timezone.localdate().strftime("%Y%m%d")


def _next_part(batch: str) -> int:
    done = ActivationLetter.objects.filter(batch=batch).aggregate(last=Max("part"))["last"]
    return (done or 0) + 1


def _cancel_reason(letter: ActivationLetter) -> str:
    profile = letter.profile
    if profile.nik_released_at is not None or profile.nik != letter.nik:
        return "nik_released"
    if profile.identity_level == IdentityLevel.VERIFIED:
        return "verified"
    return ""


def _print_part(batch: str, part: int, out_dir: Path, size: int) -> tuple[int, int, Path | None]:
    """One part in one transaction: (printed, cancelled, file or None when nothing was printed)."""
    source = register_source()
    if source is None:
        raise RuntimeError("no population register is installed (civil registers it in its ready())")
    with transaction.atomic():
        letters = list(letters_to_print().select_for_update(of=("self",))[:size])
        if not letters:
            return 0, 0, None
        pages, cancelled = [], 0
        for letter in letters:
            reason = _cancel_reason(letter)
            address = None if reason else source.letter_address(letter.nik)
            if reason or address is None:
                letter_cancel(letter=letter, reason=reason or "no_address")
                cancelled += 1
                continue
            now = timezone.now()
            code = letter_issue_code(letter=letter, batch=batch, part=part, now=now)
            valid_until = timezone.localtime(now + dt.timedelta(days=settings.IDENTITY_LETTER_VALID_DAYS))
            pages.append({"reference": f"{letter.pk:08d}", "full_name": address.full_name, "lines": address.lines,
                          "nik_masked": mask_nik(letter.nik), "username": letter.profile.user.username,
                          "code": format_code(code), "valid_until": valid_until.date()})
        if not pages:
            return 0, cancelled, None
        with translation.override("id"):
            pdf = render_pdf(TEMPLATE, {"batch": batch, "part": part, "letters": pages})
        out_dir.mkdir(parents=True, exist_ok=True)
        final = out_dir / f"part-{part:04d}.pdf"
        temporary = final.with_suffix(".pdf.tmp")
        temporary.write_bytes(pdf)
        os.chmod(temporary, 0o600)  # one-time codes in clear: for the mail room only
        os.replace(temporary, final)
        return len(pages), cancelled, final


def print_letters(*, batch: str | None = None, out_dir: Path | None = None, part_size: int = 200,
                  limit: int | None = None, advance: Callable[[int], None] = lambda n: None) -> BatchReport:
    """Print every waiting letter (at most ``limit``) into parts of ``part_size`` letters."""
    batch = batch or default_batch_name()
    target = Path(out_dir or settings.IDENTITY_LETTER_DIR) / batch
    report = BatchReport(batch=batch, parts=[])
    while limit is None or report.printed + report.cancelled < limit:
        size = part_size if limit is None else min(part_size, limit - report.printed - report.cancelled)
        printed, cancelled, path = _print_part(batch, _next_part(batch), target, size)
        if not printed and not cancelled:
            break
        report.printed += printed
        report.cancelled += cancelled
        if path is not None:
            assert report.parts is not None
            report.parts.append(path)
        advance(printed + cancelled)
    return report


def waiting_count() -> int:
    return letters_to_print().count()

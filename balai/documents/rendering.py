"""Django template → PDF with WeasyPrint (fonts embedded and subset; PDF/A-3b by default).

- A4 portrait for civil documents (templates extend ``documents/pdf/base_a4.html``), 58 mm wide
  receipts for agents' thermal printers (``documents/pdf/base_receipt58.html``): the receipt is
  laid out on a tall page and the page is then cut to the content, so a receipt is as long as its
  lines.
- No network access while rendering: only ``data:`` URIs and files inside the Balai package load.
- A ``FontConfiguration`` per thread is reused: WeasyPrint's first render in a process costs
  ~250 ms, later ones ~60–100 ms (STACK-NOTES §2, BENCHMARKS.md).
- The base stylesheets (``documents/pdf/fonts.css``, then ``a4.css`` or ``receipt58.css``) are parsed and their selectors
  compiled once per thread, not once per document: a template names its stylesheets with
  ``<meta name="balai-stylesheet" content="<template path>">`` and they are passed to WeasyPrint as
  user stylesheets (so the template's own ``<style>`` still wins). Changing a .css file needs a
  process restart.
- The QR code is a small PNG drawn without smoothing; WeasyPrint spent ~5–10 ms of CPU a page
  drawing the same code as an SVG path.
- Fonts: the stylesheets use Latin subsets of DejaVu shipped in ``balai/documents/fonts/`` (see its
  README); WeasyPrint still subsets what a page uses, but from small files.
"""

from __future__ import annotations

import atexit
import re
import threading
from pathlib import Path
from typing import TYPE_CHECKING, cast

import segno
from django.conf import settings
from django.template.loader import render_to_string

if TYPE_CHECKING:
    from django.template.backends.django import Template as DjangoTemplate

# Space kept free at the bottom of the last page for the visible signature stamp.
RECEIPT_BOTTOM_MARGIN_MM = 24
_CSS_PX_PER_MM = 96 / 25.4
_local = threading.local()
# A FontConfiguration with @font-face fonts copies them into a temporary folder that its __del__
# removes; at interpreter exit that runs after the modules it needs are gone. Drop it before.
atexit.register(lambda: _local.__dict__.clear())


_STYLESHEET_META = re.compile(r'<meta name="balai-stylesheet" content="([^"]+)">')


def qr_data_uri(url: str) -> str:
    """QR code (error correction M) as a PNG data URI for an ``<img>`` in the template: 4 pixels per
    module plus a 2-module quiet zone. The template sizes it and sets ``image-rendering: pixelated``
    (PDF ``/Interpolate false``); 4 pixels a module keep the edges sharp in viewers that smooth anyway."""
    return segno.make(url, error="m", micro=False).png_data_uri(scale=4, border=2)


def _font_config():
    from weasyprint.text.fonts import FontConfiguration

    config = getattr(_local, "font_config", None)
    if config is None:
        config = _local.font_config = FontConfiguration()
    return config


def _url_fetcher():
    """Only ``data:`` URIs and files inside the Balai package; never the network."""
    fetcher = getattr(_local, "url_fetcher", None)
    if fetcher is None:
        from weasyprint.urls import URLFetcher

        package = Path(settings.PACKAGE_DIR).resolve()

        class PackageOnlyFetcher(URLFetcher):
            def fetch(self, url, headers=None):
                if url.startswith("file:"):
                    path = Path(url.split("?")[0].removeprefix("file://")).resolve()
                    if not path.is_relative_to(package):
                        raise ValueError(f"documents may not load {url[:80]!r} while rendering")
                return super().fetch(url, headers)

        fetcher = _local.url_fetcher = PackageOnlyFetcher(allowed_protocols={"data", "file"}, timeout=2)
    return fetcher


def _stylesheet(name: str):
    """The parsed ``weasyprint.CSS`` of a stylesheet template, built once per thread (it is bound to
    the thread's FontConfiguration, which ``@font-face`` rules would register fonts with)."""
    import weasyprint
    from django.template.loader import get_template

    cache = getattr(_local, "stylesheets", None)
    if cache is None:
        cache = _local.stylesheets = {}
    sheet = cache.get(name)
    if sheet is None:
        # settings.TEMPLATES has one engine, Django's: its templates carry the parsed .template
        source = cast("DjangoTemplate", get_template(name)).template.source
        sheet = cache[name] = weasyprint.CSS(string=source, base_url=str(settings.PACKAGE_DIR),
                                             url_fetcher=_url_fetcher(), font_config=_font_config())
    return sheet


def render_html(template: str, context: dict) -> str:
    return render_to_string(template, context)


def html_to_pdf(html: str, *, paper: str = "a4") -> bytes:
    import weasyprint

    variant = settings.DOCUMENT_PDF_VARIANT or None
    stylesheets = [_stylesheet(name) for name in _STYLESHEET_META.findall(html)]
    document = weasyprint.HTML(string=html, base_url=str(settings.PACKAGE_DIR), url_fetcher=_url_fetcher()).render(
        font_config=_font_config(), stylesheets=stylesheets, pdf_variant=variant)
    if paper == "receipt58" and len(document.pages) == 1:
        _fit_page_to_content(document.pages[0])
    return document.write_pdf(pdf_variant=variant)


def _fit_page_to_content(page) -> None:
    """Cut a receipt's tall page just below its content plus the stamp margin. WeasyPrint has no
    public "content height"; the root box of the laid-out page gives it. If that internal ever
    moves, the receipt simply keeps the tall page from the template."""
    try:
        root = page._page_box.children[0]
        bottom = root.position_y + root.margin_height()
    except (AttributeError, IndexError):
        return
    page.height = min(page.height, bottom + RECEIPT_BOTTOM_MARGIN_MM * _CSS_PX_PER_MM)


def render_pdf(template: str, context: dict, *, paper: str = "a4") -> bytes:
    return html_to_pdf(render_html(template, context), paper=paper)

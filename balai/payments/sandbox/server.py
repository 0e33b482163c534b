"""The sandbox bank's HTTP face: a tiny WSGI app (standard library only).

Served by ``balai sandbox_gateway`` on 127.0.0.1 (``wsgiref`` + threads), or mounted inside
Balai at ``/sandbox-bank/`` in the embedded default. The API is documented in README.md,
section "Sandbox payment gateway".
"""

from __future__ import annotations

import html
import json
import re
import threading
from collections.abc import Callable, Iterable
from socketserver import ThreadingMixIn
from typing import Any
from urllib.parse import parse_qs, urlencode
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from balai.core.formatting import format_rupiah

from .bank import SandboxBank

Response = tuple[int, dict[str, str], bytes]
_REF = r"(?P<ref>SBX[0-9A-F]{16})"
REASONS = {200: "OK", 201: "Created", 303: "See Other", 400: "Bad Request", 404: "Not Found",
           405: "Method Not Allowed"}


def _json(status: int, data: Any) -> Response:
    return status, {"Content-Type": "application/json"}, json.dumps(data).encode()


def _public(payment: dict[str, Any]) -> dict[str, Any]:
    keys = ("ref", "payment_code", "amount", "method", "va_number", "qris_payload", "status", "bank_ref",
            "paid_amount", "created_at", "paid_at", "expires_at", "pay_url")
    return {k: payment.get(k) for k in keys}


# Served as a file (never inline) so a strict Content-Security-Policy holds in the embedded mode.
CSS = b"""body{font-family:system-ui,"DejaVu Sans",sans-serif;margin:0 auto;max-width:36rem;padding:1rem;color:#1b1f24}
.sandbox-banner{background:#4a2b7a;color:#fff;padding:.75rem 1rem;border-radius:6px;border:4px dashed #ffbf47}
.sandbox-banner p{margin:.25rem 0}.sandbox-badge{display:inline-block;background:#ffbf47;color:#1b1f24;
font-weight:800;letter-spacing:.12em;padding:.1rem .5rem;border-radius:4px;margin-right:.5rem}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.3rem 1rem}dt{font-weight:700}dd{margin:0}
form{margin:.75rem 0}button{font:inherit;min-height:44px;padding:.5rem 1rem;border-radius:6px;cursor:pointer;
border:2px solid #4a2b7a;background:#4a2b7a;color:#fff}form+form button{background:#fff;color:#4a2b7a}
a{color:#0a4f8a}:focus-visible{outline:3px solid #ffbf47;outline-offset:2px}"""


def _page(title: str, body: str, prefix: str = "") -> Response:
    doc = f"""<!doctype html><html lang="id"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>[SANDBOX] {html.escape(title)} · Bank Sandbox</title>
<link rel="stylesheet" href="{html.escape(prefix)}/sandbox.css"></head>
<body><header><div class="sandbox-banner" role="note"><p><span class="sandbox-badge">SANDBOX</span>
<strong>Bank Sandbox</strong> — simulasi bank untuk pengujian dan demo, bukan bank sungguhan.</p>
<p>Di sini tidak ada uang yang berpindah: "pembayaran" ini hanya berlaku di Balai yang berjalan dalam mode demo.</p>
</div></header>
<main><h1>{html.escape(title)}</h1>{body}</main></body></html>"""
    return 200, {"Content-Type": "text/html; charset=utf-8"}, doc.encode()


def _pay_page(bank: SandboxBank, p: dict[str, Any], prefix: str) -> Response:
    rows = [("Referensi", p["ref"]), ("Kode bayar", p["payment_code"]), ("Jumlah", format_rupiah(p["amount"])),
            ("Metode", "Virtual account" if p["method"] == "va" else "QRIS"), ("Status", p["status"])]
    if p["va_number"]:
        rows.append(("Nomor VA", p["va_number"]))
    facts = "".join(f"<dt>{html.escape(k)}</dt><dd>{html.escape(str(v))}</dd>" for k, v in rows)
    action = html.escape(f"{prefix}/pay/{p['ref']}")
    if p["status"] == "pending":
        forms = (f'<form method="post" action="{action}"><input type="hidden" name="action" value="pay">'
                 f'<button type="submit">Bayar {format_rupiah(p["amount"])}</button></form>'
                 f'<form method="post" action="{action}"><input type="hidden" name="action" value="fail">'
                 '<button type="submit">Gagalkan pembayaran</button></form>')
    else:
        forms = "<p>Pembayaran ini sudah diproses.</p>"
    back = ""
    if p.get("return_url"):
        back = f'<p><a href="{html.escape(p["return_url"])}">Kembali ke Balai</a></p>'
    return _page("Bayar tagihan", f"<dl>{facts}</dl>{forms}{back}", prefix)


def handle(bank: SandboxBank, method: str, path: str, body: bytes, *, prefix: str = "") -> Response:
    """Route one request. ``prefix`` is where the app is mounted (for links in pages)."""
    try:
        if path in ("", "/") and method == "GET":
            items = "".join(
                f'<li><a href="{html.escape(prefix)}/pay/{p["ref"]}">{p["ref"]}</a> — {p["payment_code"]} — '
                f'{format_rupiah(p["amount"])} — {p["status"]}</li>' for p in bank.recent())
            return _page("Pembayaran di bank sandbox", f"<ul>{items or '<li>Belum ada.</li>'}</ul>", prefix)
        if path == "/sandbox.css":
            return 200, {"Content-Type": "text/css; charset=utf-8"}, CSS
        if path == "/api/payments" and method == "POST":
            data = json.loads(body or b"{}")
            created = bank.create(payment_code=str(data["payment_code"]), amount=data["amount"],
                                  method=data.get("method", "va"), return_url=data.get("return_url", ""))
            return _json(201, _public(created))
        if match := re.fullmatch(rf"/api/payments/{_REF}", path):
            payment = bank.get(match["ref"])
            return _json(200, _public(payment)) if payment else _json(404, {"error": "not_found"})
        if (match := re.fullmatch(rf"/api/payments/{_REF}/(?P<op>pay|fail|redeliver)", path)) and method == "POST":
            ref, op = match["ref"], match["op"]
            if bank.get(ref) is None:
                return _json(404, {"error": "not_found"})
            if op == "redeliver":
                return _json(200, {"requeued": bank.redeliver(ref)})
            data = json.loads(body or b"{}")
            result = bank.pay(ref, amount=data.get("amount"), bank_ref=data.get("bank_ref")) if op == "pay" \
                else bank.fail(ref)
            return _json(200, _public(result))
        if match := re.fullmatch(rf"/pay/{_REF}", path):
            payment = bank.get(match["ref"])
            if payment is None:
                _, headers, page = _page("Tidak ditemukan", "<p>Pembayaran tidak ditemukan.</p>", prefix)
                return 404, headers, page
            if method == "POST":
                action = parse_qs(body.decode()).get("action", ["pay"])[0]
                payment = bank.pay(payment["ref"]) if action == "pay" else bank.fail(payment["ref"])
                target = payment.get("return_url") or f"{prefix}/pay/{payment['ref']}"
                if payment.get("return_url"):
                    # The redirect only tells the browser where to go; it never marks anything paid.
                    sep = "&" if "?" in target else "?"
                    target = f"{target}{sep}{urlencode({'ref': payment['ref'], 'status': payment['status']})}"
                return 303, {"Location": target}, b""
            return _pay_page(bank, payment, prefix)
    except (ValueError, KeyError, TypeError, json.JSONDecodeError) as exc:
        return _json(400, {"error": "bad_request", "detail": str(exc)})
    return _json(404, {"error": "not_found"})


def wsgi_app(bank: SandboxBank) -> Callable:
    def app(environ: dict, start_response: Callable) -> Iterable[bytes]:
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length) if length else b""
        status, headers, payload = handle(bank, environ["REQUEST_METHOD"], environ.get("PATH_INFO", "/"), body)
        start_response(f"{status} {REASONS.get(status, '')}", [*headers.items(),
                                                              ("Content-Length", str(len(payload)))])
        return [payload]

    return app


class _ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        pass


def serve(bank: SandboxBank, *, host: str = "127.0.0.1", port: int = 8765) -> WSGIServer:
    """A threaded server for the sandbox; call ``serve_forever()`` (or run it in a thread)."""
    return make_server(host, port, wsgi_app(bank), server_class=_ThreadingServer, handler_class=_QuietHandler)


def serve_in_thread(bank: SandboxBank, *, host: str = "127.0.0.1", port: int = 0) -> tuple[WSGIServer, threading.Thread]:
    server = serve(bank, host=host, port=port)
    thread = threading.Thread(target=server.serve_forever, name="sandbox-gateway", daemon=True)
    thread.start()
    return server, thread

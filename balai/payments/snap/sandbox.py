"""The SNAP sandbox bank: a bank double that collects Balai's bills over the real protocol —
token (RSA-signed), inquiry, payment flag (HMAC-signed), a retry after a time-out with the same
``paymentRequestId``, and a status query. Demo mode only (``balai sandbox_gateway --protocol
snap``); its partner row is marked sandbox and refused outside demo mode; every page it serves
says "SANDBOX".

Its key pair and client secret live in a small JSON file (``conf.sandbox()["KEY_FILE"]``) that
``ensure_partner()`` creates and registers as the partner's public key and secret.
"""

from __future__ import annotations

import html
import json
import secrets
import threading
import urllib.error
import urllib.request
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from socketserver import ThreadingMixIn
from typing import Any
from urllib.parse import parse_qs, urlencode
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server
from zoneinfo import ZoneInfo

from . import conf, crypto

Transport = Callable[[str, dict[str, str], bytes, float], tuple[int, dict[str, Any]]]
JAKARTA = ZoneInfo("Asia/Jakarta")


class TimedOut(Exception):
    """Balai did not answer in time (or the sandbox pretended so)."""


def _stamp() -> str:
    return datetime.now(JAKARTA).isoformat(timespec="seconds")


def http_transport(base_url: str) -> Transport:
    def send(path: str, headers: dict[str, str], body: bytes, timeout: float) -> tuple[int, dict[str, Any]]:
        request = urllib.request.Request(base_url.rstrip("/") + path, data=body, method="POST",  # noqa: S310
                                         headers={"Content-Type": "application/json", **headers})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - configured URL
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as exc:
            return exc.code, json.loads(exc.read() or b"{}")
        except TimeoutError as exc:
            raise TimedOut(str(exc)) from exc
    return send


class SnapSandboxBank:
    def __init__(self, *, keys: dict[str, str], transport: Transport, partner_id: str, client_key: str,
                 channel_id: str, partner_service_id: str):
        self.keys, self.transport = keys, transport
        self.partner_id, self.client_key, self.channel_id = partner_id, client_key, channel_id
        self.partner_service_id = partner_service_id.rjust(8)
        self.token = ""
        self.log: list[str] = []

    @classmethod
    def from_conf(cls, transport: Transport | None = None) -> SnapSandboxBank:
        c = conf.sandbox()
        return cls(keys=load_keys(), transport=transport or http_transport(c["BALAI_URL"]),
                   partner_id=c["PARTNER_ID"], client_key=c["PARTNER_ID"], channel_id=c["CHANNEL_ID"],
                   partner_service_id=c["PARTNER_SERVICE_ID"])

    def get_token(self) -> str:
        ts = _stamp()
        signature = crypto.asymmetric_signature(self.keys["private_key"].encode(), self.client_key, ts)
        status, data = self.transport("/v1.0/access-token/b2b", {"X-TIMESTAMP": ts, "X-CLIENT-KEY": self.client_key,
                                                                  "X-SIGNATURE": signature},
                                      b'{"grantType":"client_credentials"}', 10)
        self.log.append(f"token → {data.get('responseCode')}")
        if status != 200:
            raise RuntimeError(f"token refused: {data}")
        self.token = data["accessToken"]
        return self.token

    def _call(self, path: str, payload: dict[str, Any], *, timeout: float = 10) -> dict[str, Any]:
        if not self.token:
            self.get_token()
        body = json.dumps(payload, separators=(",", ":")).encode()
        ts = _stamp()
        headers = {"Authorization": f"Bearer {self.token}", "X-TIMESTAMP": ts, "X-PARTNER-ID": self.partner_id,
                   "X-EXTERNAL-ID": str(secrets.randbelow(10**18)), "CHANNEL-ID": self.channel_id,
                   "X-SIGNATURE": crypto.symmetric_signature(self.keys["client_secret"], "POST", path, self.token,
                                                             body, ts)}
        status, data = self.transport(path, headers, body, timeout)
        if data.get("responseCode", "").startswith("401") and "Token" in data.get("responseMessage", ""):
            self.token = ""  # expired: a new token, once
            return self._call(path, payload, timeout=timeout)
        self.log.append(f"{path.rsplit('/', 1)[-1]} → {data.get('responseCode')} {data.get('responseMessage')}")
        return data

    def _va(self, code: str) -> dict[str, str]:
        return {"partnerServiceId": self.partner_service_id, "customerNo": code,
                "virtualAccountNo": self.partner_service_id + code}

    def inquiry(self, code: str) -> dict[str, Any]:
        return self._call("/v1.0/transfer-va/inquiry", {**self._va(code), "inquiryRequestId": secrets.token_hex(8),
                                                        "trxDateTime": _stamp()})

    def pay(self, code: str, amount: str, request_id: str, *, timeout: float = 10) -> dict[str, Any]:
        return self._call("/v1.0/transfer-va/payment",
                          {**self._va(code), "paymentRequestId": request_id, "trxDateTime": _stamp(),
                           "paidAmount": {"value": amount, "currency": "IDR"}}, timeout=timeout)

    def status(self, code: str, request_id: str) -> dict[str, Any]:
        return self._call("/v1.0/transfer-va/status", {**self._va(code), "inquiryRequestId": secrets.token_hex(8),
                                                       "paymentRequestId": request_id})

    def collect(self, code: str, *, lose_first_answer: bool = False) -> dict[str, Any]:
        """What a teller or an ATM does: inquire, show the amount, flag the payment. With
        ``lose_first_answer`` the first flag's answer is dropped (a time-out): the bank asks status
        and, if needed, flags again with the same ``paymentRequestId`` — never a second debit."""
        inquiry = self.inquiry(code)
        if inquiry.get("responseCode") != "2002400":
            return inquiry
        amount = inquiry["virtualAccountData"]["totalAmount"]["value"]
        request_id = "SBXPAY" + secrets.token_hex(8).upper()
        try:
            answer = self.pay(code, amount, request_id)
            if lose_first_answer:
                self.log.append("payment → (answer lost: time-out)")
                raise TimedOut("simulated")
        except TimedOut:
            status = self.status(code, request_id)
            if status.get("virtualAccountData", {}).get("paymentFlagStatus") == "00":
                self.log.append("status → paid: no second flag")
            answer = self.pay(code, amount, request_id)  # the retry: same request id, same answer
        return answer


def load_keys(path: str | None = None, *, create: bool = False) -> dict[str, str]:
    file = Path(path or conf.sandbox()["KEY_FILE"])
    if file.exists():
        return json.loads(file.read_text())
    if not create:
        raise FileNotFoundError(f"no SNAP sandbox key file at {file}: run `balai sandbox_gateway --protocol snap`")
    private, public = crypto.new_key_pair()
    keys = {"private_key": private.decode(), "public_key": public, "client_secret": secrets.token_urlsafe(32)}
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(json.dumps(keys))
    file.chmod(0o600)
    return keys


def ensure_partner(keys: dict[str, str] | None = None):
    """The sandbox bank as a SNAP partner (marked sandbox: refused outside demo mode)."""
    from .models import SnapPartner

    c = conf.sandbox()
    keys = keys or load_keys(create=True)
    partner = SnapPartner.objects.filter(code="sandbox").first() or SnapPartner(code="sandbox")
    partner.name = "Bank Sandbox SNAP (uji coba)"
    partner.partner_id = partner.client_key = c["PARTNER_ID"]
    partner.channel_ids, partner.partner_service_id = c["CHANNEL_ID"], c["PARTNER_SERVICE_ID"]
    partner.public_key, partner.service_codes, partner.sandbox, partner.active = keys["public_key"], "24,25,26", \
        True, True
    partner.set_client_secret(keys["client_secret"])
    partner.save()
    return partner


# --- the bank's pages --------------------------------------------------------------------------

def _page(title: str, body: str) -> bytes:
    return f"""<!doctype html><html lang="id"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>[SANDBOX] {html.escape(title)} · Bank Sandbox SNAP</title>
<style>body{{font-family:system-ui,sans-serif;margin:0 auto;max-width:36rem;padding:1rem;color:#1b1f24}}
.sandbox-banner{{background:#4a2b7a;color:#fff;padding:.75rem 1rem;border-radius:6px;border:4px dashed #ffbf47}}
label{{display:block;font-weight:700;margin:.75rem 0 .25rem}}input{{font:inherit;padding:.5rem;width:100%;box-sizing:border-box}}
button{{font:inherit;min-height:44px;margin-top:1rem;padding:.5rem 1rem;border:0;border-radius:6px;background:#4a2b7a;color:#fff}}
.check{{display:flex;gap:.5rem;align-items:center}}.check input{{width:auto}}.check label{{margin:0;font-weight:400}}
a{{color:#0a4f8a}}li{{overflow-wrap:anywhere}}:focus-visible{{outline:3px solid #ffbf47;outline-offset:2px}}</style></head>
<body><header><div class="sandbox-banner" role="note"><p><strong>SANDBOX</strong> — Bank Sandbox SNAP: simulasi bank
untuk demo dan pengujian, bukan bank sungguhan. Tidak ada uang yang berpindah.</p></div></header>
<main><h1>{html.escape(title)}</h1>{body}</main></body></html>""".encode()


def _form(va: str) -> bytes:
    return _page("Bayar virtual account", f"""<form method="post" action="/bayar">
<label for="va">Nomor virtual account</label><input id="va" name="va" inputmode="numeric" value="{html.escape(va)}" required>
<div class="check"><input type="checkbox" id="timeout" name="timeout" value="1"><label for="timeout">Simulasikan time-out (jawaban pertama hilang)</label></div>
<button type="submit">Bayar</button></form>""")


def handle(bank_factory: Callable[[], SnapSandboxBank], method: str, path: str, query: str, body: bytes,
           *, balai_url: str) -> tuple[int, dict[str, str], bytes]:
    html_type = {"Content-Type": "text/html; charset=utf-8"}
    if path == "/" and method == "GET":
        return 200, html_type, _form(parse_qs(query).get("va", [""])[0])
    if path == "/bayar" and method == "POST":
        form = parse_qs(body.decode())
        va = form.get("va", [""])[0].replace(" ", "")
        bank = bank_factory()
        psid = bank.partner_service_id.strip()
        if not va.startswith(psid) or not va[len(psid):].isdigit():
            return 400, html_type, _page("Nomor tidak dikenal", "<p>Nomor VA bukan milik bank ini.</p>")
        code = va[len(psid):]
        answer = bank.collect(code, lose_first_answer=bool(form.get("timeout")))
        ok = answer.get("responseCode") == "2002500"
        steps = "".join(f"<li>{html.escape(line)}</li>" for line in bank.log)
        back = f"{balai_url.rstrip('/')}/bayar/{code}/"
        result = ("<p><strong>Pembayaran berhasil.</strong></p>" if ok else
                  f"<p><strong>Pembayaran ditolak:</strong> {html.escape(answer.get('responseMessage', ''))}</p>")
        return 200, html_type, _page("Hasil pembayaran", f"{result}<ol>{steps}</ol>"
                                     f'<p><a href="{html.escape(back)}">Kembali ke tagihan di Balai</a></p>')
    return 404, html_type, _page("Tidak ditemukan", "<p>Halaman tidak ada.</p>")


class _ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        pass


def serve(bank_factory: Callable[[], SnapSandboxBank], *, balai_url: str, host: str = "127.0.0.1",
          port: int = 8766) -> WSGIServer:
    def app(environ: dict, start_response: Callable):
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length) if length else b""
        status, headers, payload = handle(bank_factory, environ["REQUEST_METHOD"], environ.get("PATH_INFO", "/"),
                                          environ.get("QUERY_STRING", ""), body, balai_url=balai_url)
        start_response(f"{status} {'OK' if status == 200 else 'Error'}",
                       [*headers.items(), ("Content-Length", str(len(payload)))])
        return [payload]

    return make_server(host, port, app, server_class=_ThreadingServer, handler_class=_QuietHandler)


def serve_in_thread(bank_factory: Callable[[], SnapSandboxBank], *, balai_url: str,
                    port: int = 0) -> tuple[WSGIServer, threading.Thread]:
    server = serve(bank_factory, balai_url=balai_url, port=port)
    thread = threading.Thread(target=server.serve_forever, name="snap-sandbox-bank", daemon=True)
    thread.start()
    return server, thread


def pay_url(payment_code: str) -> str:
    """Where the instructions page sends a tester (demo mode only)."""
    c = conf.sandbox()
    return f"{c['URL'].rstrip('/')}/?{urlencode({'va': c['PARTNER_SERVICE_ID'] + payment_code})}"


def run(stdout, *, port: int | None = None) -> None:
    """``balai sandbox_gateway --protocol snap``: register the sandbox bank and serve its page."""
    from urllib.parse import urlsplit

    c = conf.sandbox()
    keys = load_keys(create=True)
    ensure_partner(keys)
    port = port or urlsplit(c["URL"]).port or 8766
    server = serve(SnapSandboxBank.from_conf, balai_url=c["BALAI_URL"], port=port)  # loopback only
    stdout.write(f"SNAP sandbox bank on http://127.0.0.1:{port}/ — calls Balai at {c['BALAI_URL']} as partner "
                 f"{c['PARTNER_ID']} (partnerServiceId {c['PARTNER_SERVICE_ID']}); Ctrl-C stops it")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()

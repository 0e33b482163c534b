"""Production-mode run (issue #9, item 7): gunicorn (2 workers) + a Celery worker on Redis +
PostgreSQL, production settings, and the main journeys driven over HTTP like a user would.

1. prepare: a fresh database, migrate, collectstatic, load_regions, init_signing, seed_demo
   (all with the production environment below, in a fresh var/ folder);
2. start: the Celery worker, gunicorn (2 workers) and the sandbox bank (`balai sandbox_gateway`),
   each in its own process group with a log, and a TLS-terminating proxy (a thread of this script,
   with a throw-away certificate) in front of gunicorn. The bank is an outside party: it runs in
   demo mode (BALAI_DEMO=1, the only mode it starts in) with settings of its own (own var/ folder
   and SECRET_KEY, no database), never the production server's; it shares only the webhook HMAC
   key with Balai, as a real bank shares one with a merchant;
3. journeys over HTTPS (requests): (a) a citizen applies → an officer (password + TOTP) claims,
   verifies and approves → the signed letter downloads and verifies; (b) a PKB bill → sandbox bank
   payment → signed webhook → bill paid → e-TBPKP issued, downloaded and verified; (c) an agent
   device collects cash through the partners API → the agent closes the day and declares the deposit;
4. evidence that the asynchronous parts ran on the worker: the worker's log and its own task
   counters (`inspect stats`), its pids against gunicorn's, and the audit log (documents issued
   outside every HTTP request this script made);
5. cleanup, always: process groups killed, database dropped, Redis DB flushed.

Production settings with no override: BALAI_PRODUCTION=1 (SSL redirect, HSTS, Secure cookies,
SECURE_PROXY_SSL_HEADER = X-Forwarded-Proto), DEBUG off and no demo mode (checked: /sandbox-bank/
is 404 on the production server, and its settings with BALAI_DEMO=1 refuse to start). As in a deployment, users and the
bank's webhooks reach gunicorn through the proxy, which sets ``X-Forwarded-Proto: https``; plain
HTTP straight to gunicorn is checked to get the 301 to https.

Run: .venv/bin/python .ci/production_journeys.py   (exit status 0 = all passed; logs in
var/prodrun/logs/). Needs PostgreSQL on 127.0.0.1:5432 and Redis on 127.0.0.1:6379.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import hashlib
import hmac
import http.client
import importlib.metadata
import json
import os
import re
import secrets
import shutil
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
import traceback
import uuid
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import psycopg
import redis
import requests
from celery import Celery

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from balai.cases.demo import demo_pdf, demo_png  # noqa: E402 - plain functions, no Django setup

PY = sys.executable
REQUEST_IDS: set[str] = set()
STEPS: list[tuple[str, float]] = []


class Failure(Exception):
    pass


def jakarta_today():
    """The business day Balai keeps (Asia/Jakarta): the machine's UTC date is a day behind before 07:00 WIB."""
    return datetime.now(ZoneInfo("Asia/Jakarta")).date()


def check(condition, message: str) -> None:
    if not condition:
        raise Failure(message)


def log(message: str) -> None:
    print(f"prodrun: {message}", flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def poll(what: str, fn, *, timeout: float, interval: float = 0.5):
    """Call ``fn`` until it returns something truthy; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = fn()
        if value:
            return value
        if time.monotonic() > deadline:
            raise Failure(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(interval)


class step:
    def __init__(self, name: str):
        self.name = name

    def __enter__(self):
        self.start = time.monotonic()
        log(f"-- {self.name}")

    def __exit__(self, *exc):
        STEPS.append((self.name, time.monotonic() - self.start))


# --- TOTP (RFC 6238, as django-otp checks it) -------------------------------------------------

_totp_steps: dict[str, int] = {}


def totp_code(username: str, secret_b32: str) -> str:
    """The current code; waits for the next 30-s step if this user already spent this one
    (django-otp refuses a code twice)."""
    step_now = int(time.time()) // 30
    if _totp_steps.get(username, -1) >= step_now:
        time.sleep((step_now + 1) * 30 - time.time() + 0.2)
        step_now = int(time.time()) // 30
    _totp_steps[username] = step_now
    mac = hmac.new(base64.b32decode(secret_b32), struct.pack(">Q", step_now), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    return f"{(struct.unpack('>I', mac[offset:offset + 4])[0] & 0x7FFFFFFF) % 1_000_000:06d}"


# --- HTTP client: a browser behind the TLS proxy ------------------------------------------------

class Client:
    """A browser (or device) talking HTTPS to the proxy; it trusts the proxy's certificate only."""

    ca: str = ""

    def __init__(self, base: str, name: str):
        self.base, self.name, self.n = base, name, 0
        self.origin = base
        self.s = requests.Session()
        self.s.headers["User-Agent"] = "balai-prodrun/1"
        self.token = ""

    def request(self, method: str, path: str, *, expect=(200,), headers=None, **kwargs) -> requests.Response:
        self.n += 1
        rid = f"prodrun-{self.name}-{self.n:03d}-{uuid.uuid4().hex[:8]}"
        REQUEST_IDS.add(rid)
        h = {"X-Request-ID": rid, **(headers or {})}
        if self.token:
            h["Authorization"] = f"Bearer {self.token}"
        if method not in ("GET", "HEAD"):
            h.setdefault("Origin", self.origin)
            h.setdefault("Referer", self.origin + path)
            if self.s.cookies.get("csrftoken"):
                h.setdefault("X-CSRFToken", self.s.cookies.get("csrftoken"))
        # verify per request: a session's verify loses to REQUESTS_CA_BUNDLE from the environment
        response = self.s.request(method, self.base + path, headers=h, timeout=90, verify=self.ca, **kwargs)
        if expect and response.status_code not in expect:
            raise Failure(f"{self.name}: {method} {path} answered {response.status_code} (expected {expect}): "
                          f"{response.text[:400]}")
        return response

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, **kw):
        return self.request("POST", path, **kw)

    def login(self, username: str, password: str, totp_secret: str | None = None) -> None:
        """The login form: password, then (staff) the TOTP step."""
        self.get("/masuk/")
        r = self.post("/masuk/", data={"username": username, "password": password})
        if totp_secret:
            check(r.url.endswith("/masuk/verifikasi/"), f"{username}: no TOTP step after the password ({r.url})")
            check(not self.get("/api/auth/me", expect=(401, 403)).ok, "staff logged in before the TOTP step")
            r = self.post("/masuk/verifikasi/", data={"code": totp_code(username, totp_secret)})
        check("/masuk/" not in urlsplit(r.url).path, f"{username}: login failed, still at {r.url}")
        me = self.get("/api/auth/me").json()
        check(me["username"] == username, f"logged in as {me}")


# --- the TLS-terminating proxy in front of gunicorn --------------------------------------------

HOP_BY_HOP = {"connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade", "te", "trailer",
              "content-length", "host", "date", "server"}


def make_certificate(folder: Path) -> tuple[Path, Path]:
    """A throw-away self-signed certificate for 127.0.0.1 (the clients trust exactly this one)."""
    from datetime import UTC, datetime, timedelta
    from ipaddress import IPv4Address

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "balai prodrun proxy")])
    now = datetime.now(UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - timedelta(minutes=5))
            .not_valid_after(now + timedelta(days=1))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(IPv4Address("127.0.0.1"))]), critical=False)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = folder / "proxy.cert.pem", folder / "proxy.key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


class TlsProxy:
    """What a production deployment puts in front of gunicorn: HTTPS outside, plain HTTP to the
    app server with ``X-Forwarded-Proto: https`` (the header SECURE_PROXY_SSL_HEADER trusts)."""

    def __init__(self, target_port: int, folder: Path):
        import ssl

        self.cert, key = make_certificate(folder)
        self.target_port, self.seen = target_port, []
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def forward(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                conn = http.client.HTTPConnection("127.0.0.1", proxy.target_port, timeout=120)
                status = 502
                try:
                    conn.putrequest(self.command, self.path, skip_host=True, skip_accept_encoding=True)
                    for header, value in self.headers.items():
                        if header.lower() not in HOP_BY_HOP - {"host"} and not header.lower().startswith("x-forwarded-"):
                            conn.putheader(header, value)
                    conn.putheader("X-Forwarded-Proto", "https")
                    conn.putheader("X-Forwarded-For", self.client_address[0])
                    if body is not None:
                        conn.putheader("Content-Length", str(len(body)))
                    conn.endheaders(body)
                    upstream = conn.getresponse()
                    payload = upstream.read()
                    headers = [(k, v) for k, v in upstream.getheaders() if k.lower() not in HOP_BY_HOP]
                    status, reason = upstream.status, upstream.reason
                except (OSError, http.client.HTTPException) as exc:  # gunicorn not (yet) there
                    payload, headers, reason = f"bad gateway: {exc}".encode(), [], "Bad Gateway"
                finally:
                    conn.close()
                proxy.seen.append((self.command, self.path, status))
                self.send_response(status, reason)
                for header, value in headers:
                    self.send_header(header, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(payload)

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = forward  # noqa: N815

            def log_message(self, *args):
                pass

        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(self.cert, key)
        class Server(ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request, client_address):
                if not isinstance(sys.exc_info()[1], OSError):  # a client that hung up is no error
                    super().handle_error(request, client_address)

        self.server = Server(("127.0.0.1", 0), Handler)
        self.server.socket = context.wrap_socket(self.server.socket, server_side=True)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self):
        self.thread.start()

    def stop(self):
        if self.thread.is_alive():
            self.server.shutdown()
        self.server.server_close()


# --- processes ----------------------------------------------------------------------------------

class Processes:
    def __init__(self, logs: Path):
        self.logs, self.procs = logs, {}

    def start(self, name: str, argv: list[str], env: dict) -> subprocess.Popen:
        out = open(self.logs / f"{name}.log", "wb")  # noqa: SIM115 - closed in stop_all
        proc = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True)  # its own session and process group
        self.procs[name] = (proc, out)
        return proc

    def alive(self, name: str) -> bool:
        return self.procs[name][0].poll() is None

    def stop_all(self) -> None:
        for proc, _out in self.procs.values():
            if proc.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGTERM)
        deadline = time.monotonic() + 15
        for name, (proc, out) in self.procs.items():
            try:
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                log(f"{name} did not stop on SIGTERM: SIGKILL")
            with contextlib.suppress(ProcessLookupError):  # children too (gunicorn and pool workers)
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            out.close()


def children_of(pid: int) -> set[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True).stdout
    return {int(x) for x in out.split()}


def manage(env: dict, logs: Path, *commands: tuple[str, ...]) -> None:
    """Run ``balai`` commands side by side (each with its log) and wait for all of them."""
    running = []
    for args in commands:
        out = open(logs / f"manage-{args[0]}.log", "wb")  # noqa: SIM115 - closed below
        running.append((args, out, time.monotonic(),
                        subprocess.Popen([PY, "-m", "balai", *args], cwd=ROOT, env=env, stdout=out,
                                         stderr=subprocess.STDOUT)))
    failures = []
    pending = list(running)
    while pending:  # note each command's own duration, in the order they end
        for item in [item for item in pending if item[3].poll() is not None]:
            pending.remove(item)
            args, out, start, proc = item
            out.close()
            STEPS.append((f"balai {args[0]}", time.monotonic() - start))
        time.sleep(0.1)
    for args, _out, _start, proc in running:
        if proc.returncode != 0:
            failures.append(f"balai {' '.join(args)} failed:\n"
                            + (logs / f"manage-{args[0]}.log").read_text(errors="replace")[-2000:])
    if failures:
        raise Failure("\n".join(failures))


def static_fingerprint() -> str:
    """What collectstatic's output depends on: installed distributions, our static files, and the
    settings' INSTALLED_APPS and static-files section (not the whole file, which changes often)."""
    digest = hashlib.sha256()
    for dist in sorted(f"{d.metadata['Name']}=={d.version}" for d in importlib.metadata.distributions()):
        digest.update(dist.encode())
    for path in sorted((ROOT / "balai").rglob("static/**/*")):
        if path.is_file():
            digest.update(str(path.relative_to(ROOT)).encode() + hashlib.sha256(path.read_bytes()).digest())
    settings_text = (ROOT / "balai" / "settings.py").read_text()
    for pattern in (r"INSTALLED_APPS = \[.*?\n\]", r"# --- Static.*?(?=\n# ---)"):
        match = re.search(pattern, settings_text, re.S)
        digest.update(match.group(0).encode() if match else settings_text.encode())
    return digest.hexdigest()[:16]


def static_cache(var: Path, *, use_cache: bool) -> tuple[Path | None, bool]:
    """collectstatic's output (manifest + compression, as in production) depends only on the code,
    so it is kept in var/ci-cache/ by fingerprint. Returns (cache folder, already there)."""
    if not use_cache:
        return None, False
    cached = ROOT / "var" / "ci-cache" / f"static-{static_fingerprint()}"
    return cached, (cached / "staticfiles.json").exists()


def static_link(var: Path, cached: Path | None, hit: bool) -> str:
    if cached is None:
        return "collected"
    state = f"reused {cached.name}"
    if not hit:
        cached.parent.mkdir(parents=True, exist_ok=True)
        for old in cached.parent.glob("static-*"):
            shutil.rmtree(old, ignore_errors=True)
        shutil.move(str(var / "static"), str(cached))
        state = "collected (cached for the next run)"
    (var / "static").symlink_to(cached, target_is_directory=True)
    return state


# --- the sandbox bank: an outside party in demo mode, never the production server ---------------

def bank_settings(env: dict, var: Path, proxy: TlsProxy) -> dict:
    """The sandbox bank's own environment: demo mode (it starts in no other), its own var/ folder
    (own SECRET_KEY, own SQLite books), no production flag, no database, broker or cache of
    Balai's. It keeps the webhook key and URL, and trusts the proxy's certificate."""
    bank = {k: v for k, v in env.items()
            if k not in ("BALAI_PRODUCTION", "SECRET_KEY", "DATABASE_URL", "CELERY_BROKER_URL", "CACHE_URL",
                         "PUBLIC_BASE_URL", "ALLOWED_HOSTS", "BALAI_VAR_DIR")}
    bank.update({"BALAI_DEMO": "1", "BALAI_VAR_DIR": str(var / "sandbox-bank"), "SSL_CERT_FILE": str(proxy.cert)})
    return bank


def no_demo_mode(base: str, env: dict, logs: Path) -> None:
    """The production server has no sandbox bank (not routed), and its settings refuse demo mode."""
    routed = requests.get(f"{base}/sandbox-bank/", verify=Client.ca, timeout=10)
    check(routed.status_code == 404, f"/sandbox-bank/ answered {routed.status_code} on the production server")
    refused = subprocess.run([PY, "-m", "balai", "check"], cwd=ROOT, env={**env, "BALAI_DEMO": "1"},
                             capture_output=True, text=True, timeout=120)
    (logs / "manage-check-demo.log").write_text(refused.stdout + refused.stderr)
    check(refused.returncode != 0 and "ImproperlyConfigured" in refused.stderr,
          "production settings with BALAI_DEMO=1 did not refuse to start")
    log("production server: /sandbox-bank/ not routed (404); production settings + BALAI_DEMO=1 refuse to start")


# --- the journeys -------------------------------------------------------------------------------

LEGALISIR = {"jenis_dokumen": "akta_kelahiran", "nomor_dokumen": "3578-LT-01012000-0001", "jumlah_lembar": 2,
             "keperluan": "Uji produksi CI"}


def verify_pdf(client: Client, pdf: bytes, verify_url: str, *, doc_type: str) -> dict:
    """The verification API says valid for the token, and the uploaded bytes are the issued file
    with an intact, trusted signature covering the whole file."""
    check(pdf[:5] == b"%PDF-", "download is not a PDF")
    match = re.search(r"/verifikasi/([^/]+)/", verify_url)
    check(match, f"no token in verify URL {verify_url}")
    token = match.group(1)
    public = client.get(f"/api/documents/verify/{token}/").json()
    check(public["status"] == "valid" and public["doc_type"] == doc_type, f"verify by token: {public}")
    checked = client.post("/api/documents/verify-file/", data={"token": token},
                          files={"file": ("dokumen.pdf", pdf, "application/pdf")}).json()
    sig = checked["signature"]
    check(checked["matches_issued_document"] and checked["sha256"] == hashlib.sha256(pdf).hexdigest(),
          f"uploaded PDF is not the issued one: {checked}")
    check(sig["present"] and sig["intact"] and sig["trusted"] and sig["covers_whole_file"] and sig["valid"],
          f"signature not valid: {sig}")
    return public


def journey_case(base: str, accounts: dict, result: dict) -> None:
    citizen = Client(base, "warga")
    citizen.login("warga", accounts["warga"]["password"])
    number = citizen.post("/api/applications/", json={"service": "legalisir", "data": LEGALISIR},
                          headers={"Idempotency-Key": f"prodrun-{uuid.uuid4().hex}"}, expect=(201,)).json()[
        "tracking_number"]
    for requirement, name, content, ctype in (("scan-dokumen", "akta.pdf", demo_pdf("Akta kelahiran"), "application/pdf"),
                                              ("ktp-el", "ktp.png", demo_png(), "image/png")):
        citizen.post(f"/api/applications/{number}/attachments/", data={"requirement": requirement},
                     files={"file": (name, content, ctype)}, expect=(201,))
    state = citizen.post(f"/api/applications/{number}/actions/",
                         json={"action": "submit", "transaction_id": f"submit-{number}"}).json()["state"]
    check(state == "submitted", f"submit gave {state}")
    log(f"(a) citizen submitted case {number}")

    officer = Client(base, "petugas")
    officer.login("petugas", accounts["petugas"]["password"], accounts["petugas"]["totp_secret"])
    queue = officer.get("/api/desk/queue/").json()
    check(number in [row["tracking_number"] for row in queue["results"]], "case not in the officer's queue")
    check(officer.post(f"/api/applications/{number}/actions/",
                       json={"action": "claim", "transaction_id": f"claim-{number}"}).json()["state"] == "in_review",
          "claim failed")
    for attachment in officer.get(f"/api/applications/{number}/").json()["attachments"]:
        officer.post(f"/api/applications/{number}/attachments/{attachment['id']}/review/",
                     json={"decision": "verified"})
    approved = officer.post(f"/api/applications/{number}/actions/",
                            json={"action": "approve", "transaction_id": f"approve-{number}"}).json()
    t_approved = time.monotonic()
    check(approved["state"] == "approved", f"approve answered {approved['state']!r}: the letter was issued in "
                                            "the web process, not queued for the worker")
    log("(a) officer approved; the letter is queued for the worker")

    detail = poll("the case to complete (letter signed on the worker)",
                  lambda: (d := citizen.get(f"/api/applications/{number}/").json())["state"] == "completed" and d,
                  timeout=150)
    result["case_completed_after_s"] = round(time.monotonic() - t_approved, 1)
    output = detail["outputs"][0]
    pdf_response = citizen.get(output["download_path"])
    check(pdf_response.headers["Content-Type"] == "application/pdf", "letter download is not application/pdf")
    public = verify_pdf(citizen, pdf_response.content, output["verify_url"], doc_type="letter")
    result["case"] = number
    result["letter"] = public["number"]
    log(f"(a) completed {result['case_completed_after_s']} s after approval; letter {public['number']} "
        f"({len(pdf_response.content)} B) verified")


def _vehicle_doc_links(client: Client, plate: str) -> tuple[str, str] | None:
    page = client.get(f"/pkb/kendaraan/{plate}/").text
    download = re.search(r'href="([^"]+)" class="etbpkp-download"', page)
    verify = re.search(r'href="([^"]+)" class="etbpkp-verify"', page)
    return (download.group(1), verify.group(1)) if download and verify else None


def journey_pkb(base: str, sandbox: str, proxy: TlsProxy, accounts: dict, result: dict) -> None:
    citizen = Client(base, "warga-pkb")
    citizen.login("warga", accounts["warga"]["password"])
    bill = citizen.post("/api/vehicles/L1234AB/bills/", json={"chassis_tail": "23456"}, expect=(200, 201)).json()
    code, total = bill["payment_code"], bill["total"]
    start = citizen.post(f"/api/bills/{code}/payments/", json={"gateway": "sandbox", "method": "va"},
                         headers={"Idempotency-Key": f"prodrun-{uuid.uuid4().hex}"}, expect=(201,)).json()
    log(f"(b) bill {code} Rp {total}; VA {start.get('va_number')} at the sandbox bank ({start['gateway_ref']})")
    # the customer pays at the bank; the bank signs and delivers the webhook on its own
    paid = requests.post(f"{sandbox}/api/payments/{start['gateway_ref']}/pay", json={}, timeout=30)
    check(paid.status_code == 200 and paid.json()["status"] == "paid", f"sandbox bank pay: {paid.text[:300]}")
    t_paid = time.monotonic()
    poll("the bill to be paid by the webhook",
         lambda: citizen.get(f"/api/bills/{code}/").json()["status"] == "paid", timeout=60)
    result["webhook_paid_after_s"] = round(time.monotonic() - t_paid, 1)
    # the bank's delivery went through the proxy and was answered 200 (the bill may show paid a
    # moment before the proxy has relayed that answer)
    poll("the bank to see its webhook accepted", lambda: any(
        m == "POST" and p.startswith("/api/payments/webhooks/sandbox/") and s == 200 for m, p, s in proxy.seen),
        timeout=10, interval=0.1)
    links = poll("the e-TBPKP (signed on the worker)", lambda: _vehicle_doc_links(citizen, "L1234AB"), timeout=150)
    result["etbpkp_after_s"] = round(time.monotonic() - t_paid, 1)
    pdf = citizen.get(links[0]).content
    public = verify_pdf(citizen, pdf, links[1], doc_type="e_tbpkp")
    result["bill"], result["etbpkp"] = code, public["number"]
    log(f"(b) paid by webhook after {result['webhook_paid_after_s']} s; e-TBPKP {public['number']} issued "
        f"{result['etbpkp_after_s']} s after payment and verified")


def device_login(base: str, accounts: dict) -> Client:
    """The agent's device signs in once for a bearer token (password + TOTP)."""
    device = Client(base, "agen-device")
    otp = totp_code("agen", accounts["agen"]["totp_secret"])
    device.token = device.post("/api/auth/token", json={"username": "agen", "password": accounts["agen"]["password"],
                                                        "otp": otp}, expect=(201,)).json()["token"]
    return device


def journey_agent(base: str, accounts: dict, device: Client, db_url: str, result: dict) -> None:
    # a bill for a second vehicle of the demo citizen, looked up by the public (no login)
    public = Client(base, "public")
    bill = public.post("/api/vehicles/L2024RB/bills/", json={"chassis_tail": "77777"}, expect=(200, 201)).json()
    code, total = bill["payment_code"], bill["total"]

    key = f"prodrun-{uuid.uuid4().hex}"
    first = device.post("/api/partners/collections/", json={"payment_code": code},
                        headers={"Idempotency-Key": key}, expect=(201,)).json()
    again = device.post("/api/partners/collections/", json={"payment_code": code},
                        headers={"Idempotency-Key": key}, expect=(201,))
    check(again.json() == first and again.headers.get("Idempotent-Replayed") == "true", "device retry not replayed")
    check(first["amount"] == total and first["status"] == "posted", f"collection: {first}")
    log(f"(c) agent collected Rp {total} for bill {code}, receipt {first['receipt_number']} (retry replayed)")

    # The receipt PDF is issued by the worker; wait for it there before the desk asks for it (the
    # desk page would otherwise issue it itself, in the web process).
    def receipt_document():
        with psycopg.connect(db_url) as conn:
            row = conn.execute("SELECT r.document_id FROM payments_receipt r JOIN payments_payment p "
                               "ON p.id = r.payment_id WHERE p.receipt_number = %s", (first["receipt_number"],)
                               ).fetchone()
        return row and row[0]

    poll("the agent receipt PDF (signed on the worker)", receipt_document, timeout=150)

    desk = Client(base, "agen-desk")
    desk.login("agen", accounts["agen"]["password"], accounts["agen"]["totp_secret"])
    pdf = desk.get(f"/agen/kuitansi/{first['id']}/pdf/")
    check(pdf.content[:5] == b"%PDF-", "agent receipt is not a PDF")
    checked = desk.post("/api/documents/verify-file/", files={"file": ("kuitansi.pdf", pdf.content,
                                                                       "application/pdf")}).json()
    check(checked["matches_issued_document"] and checked["signature"]["valid"], f"receipt check: {checked}")
    check(checked["document"]["doc_type"] == "payment_receipt", f"receipt doc type: {checked['document']}")

    desk.get("/agen/tutup-hari/")
    closing = desk.post("/agen/tutup-hari/", data={})
    match = re.search(r"/agen/setoran/(\d+)/$", closing.url)
    check(match, f"closing the day did not lead to the deposit page ({closing.url}): {closing.text[:300]}")
    deposited = desk.post(match.group(0), data={"amount": f"{total:,}".replace(",", "."),
                                                "bank_reference": "PRODRUN-" + secrets.token_hex(3).upper(),
                                                "deposit_date": jakarta_today().isoformat()})
    check("Sudah disetor" in deposited.text, "deposit not recorded: 'Sudah disetor' missing")
    result["closing"] = int(match.group(1))
    log(f"(c) day closed (closing #{result['closing']}), deposit of Rp {total} declared; receipt "
        f"{checked['document']['number']} verified")


# --- evidence: the asynchronous parts ran on the worker -----------------------------------------

# Run by the embedded beat every 2 s: the transactional outbox (case outputs, e-TBPKP, payment
# receipts; core/outbox.py), which runs the queued tasks (payments.tasks.issue_receipt…) inside it.
# That the documents were issued there, not in a request, is shown by the audit log below; that
# every receipt went through it, by the receipts and the empty queue.
EXPECTED_TASKS = {"balai.core.tasks.drain_outbox": 2}
RECEIPT_TASK = "balai.payments.tasks.issue_receipt"


def evidence(procs: Processes, logs: Path, celery_app: Celery, db_url: str, since, result: dict) -> None:
    worker_log = (logs / "celery.log").read_text(errors="replace")
    succeeded: dict[str, int] = {}
    for name in re.findall(r"Task ([\w.]+)\[[0-9a-f-]+\] succeeded", worker_log):
        succeeded[name] = succeeded.get(name, 0) + 1
    for bad in ("raised unexpected", "] retry:", "Traceback"):
        check(bad not in worker_log, f"worker log has {bad!r}")
    for name, n in EXPECTED_TASKS.items():
        check(succeeded.get(name, 0) >= n, f"worker log: {name} succeeded {succeeded.get(name, 0)}×, expected ≥ {n}")

    stats = celery_app.control.inspect(timeout=5, limit=1).stats() or {}
    check(len(stats) == 1, f"expected one worker answering, got {list(stats)}")
    hostname, info = next(iter(stats.items()))
    worker_pids = {info["pid"], *info["pool"]["processes"]}
    gunicorn = procs.procs["gunicorn"][0].pid
    web_pids = {gunicorn, *children_of(gunicorn)}
    check(len(web_pids) == 3, f"gunicorn should have 2 workers: {web_pids}")
    check(not worker_pids & web_pids, "worker and gunicorn share a pid")
    for name, n in EXPECTED_TASKS.items():
        check(info["total"].get(name, 0) >= n, f"worker counters: {name} ran {info['total'].get(name, 0)}×")

    with psycopg.connect(db_url) as conn:
        rows = conn.execute("SELECT object_id, request_id FROM core_auditentry WHERE action = 'document.issued' "
                            "AND created_at >= %s", (since,)).fetchall()
        in_requests = conn.execute("SELECT count(*) FROM core_auditentry WHERE request_id LIKE 'prodrun-%%' "
                                   "AND created_at >= %s", (since,)).fetchone()[0]
        posted, without = conn.execute(
            "SELECT count(*), count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM payments_receipt r "
            "WHERE r.payment_id = p.id)) FROM payments_payment p WHERE p.status = 'posted' AND p.received_at >= %s",
            (since,)).fetchone()
        queued = conn.execute("SELECT count(*) FROM core_outboxtask WHERE task = %s", (RECEIPT_TASK,)).fetchone()[0]
    check(posted >= 2 and without == 0 and queued == 0,
          f"receipts through the outbox: {posted} posted, {without} without a receipt, {queued} still queued")
    check(len(rows) >= 5, f"expected ≥ 5 documents issued during the journeys, audit shows {len(rows)}")
    inside = [r for r in rows if r[1]]
    check(not inside, f"documents issued inside HTTP requests (request ids {inside}), not on the worker")
    check(in_requests > 0, "the audit log has none of this script's request ids: the check would prove nothing")
    result.update(worker=hostname, worker_pids=sorted(worker_pids), web_pids=sorted(web_pids),
                  worker_tasks={k: v for k, v in sorted(info["total"].items())}, documents_issued=len(rows),
                  audited_requests=in_requests, receipts_through_outbox=posted)
    log(f"worker {hostname} pids {sorted(worker_pids)} vs gunicorn {sorted(web_pids)}: disjoint")
    log(f"worker counters {result['worker_tasks']}")
    log(f"{len(rows)} documents issued outside every HTTP request ({in_requests} audit entries carry this "
        f"script's request ids)")


# --- main ---------------------------------------------------------------------------------------

def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--postgres", default=os.environ.get("PRODRUN_POSTGRES", "postgres://postgres@127.0.0.1:5432"))
    parser.add_argument("--db", default=os.environ.get("PRODRUN_DB", "balai_prodrun"))
    parser.add_argument("--redis", default=os.environ.get("PRODRUN_REDIS", "redis://127.0.0.1:6379/5"),
                        help="broker and cache; this Redis database is flushed before and after")
    parser.add_argument("--no-static-cache", action="store_true", help="always run collectstatic in full")
    args = parser.parse_args()

    t0 = time.monotonic()
    var = ROOT / "var" / "prodrun"
    shutil.rmtree(var, ignore_errors=True)
    logs = var / "logs"
    logs.mkdir(parents=True)
    db_url = f"{args.postgres.rstrip('/')}/{args.db}"
    web_port, sandbox_port = free_port(), free_port()
    direct, sandbox = f"http://127.0.0.1:{web_port}", f"http://127.0.0.1:{sandbox_port}"
    proxy = TlsProxy(web_port, logs.parent)
    base = f"https://127.0.0.1:{proxy.port}"  # what users, devices and the bank's webhooks reach
    Client.ca = str(proxy.cert)

    env = {k: v for k, v in os.environ.items()
           if k not in ("DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "REDIS_URL", "BALAI_DEBUG", "BALAI_DEMO")
           and not k.startswith(("CELERY_", "SANDBOX_", "SECURE_", "PYTEST"))}
    env.update({
        "DJANGO_SETTINGS_MODULE": "balai.settings", "BALAI_PRODUCTION": "1", "BALAI_DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50), "BALAI_VAR_DIR": str(var), "DATABASE_URL": db_url,
        "ALLOWED_HOSTS": "127.0.0.1", "PUBLIC_BASE_URL": base,
        "CELERY_BROKER_URL": args.redis, "CACHE_URL": args.redis,
        "SANDBOX_GATEWAY_URL": sandbox,
        "SANDBOX_WEBHOOK_URL": f"{base}/api/payments/webhooks/sandbox/",
        # the one thing Balai and the bank share: the key of the webhook signatures
        "SANDBOX_GATEWAY_SECRET": secrets.token_hex(32),
        "LOG_LEVEL": "WARNING", "PYTHONUNBUFFERED": "1",
    })
    procs = Processes(logs)
    rconn = redis.Redis.from_url(args.redis)
    admin_url = f"{args.postgres.rstrip('/')}/postgres"
    result: dict = {}
    failed = None
    try:
        rconn.flushdb()
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{args.db}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{args.db}"')

        with step("prepare"):
            cached, hit = static_cache(var, use_cache=not args.no_static_cache)
            manage(env, logs, ("compile_translations",))  # first: the others read the catalogues
            # independent of the database: side by side with migrate
            manage(env, logs, ("migrate", "--noinput", "-v0"), ("init_signing",),
                   *([] if hit else [("collectstatic", "--noinput", "-v0")]))
            result["static"] = static_link(var, cached, hit)
            manage(env, logs, ("load_regions",))
            manage(env, logs, ("seed_demo",))
            accounts = {a["username"]: a for a in json.loads((var / "demo-accounts.json").read_text())}
            log(f"prepared in {time.monotonic() - t0:.0f} s (static: {result['static']})")

        with step("start services"):
            procs.start("celery", [PY, "-m", "celery", "-A", "balai", "worker", "--pool", "prefork",
                                   "--concurrency", "2", "--loglevel", "INFO", "-n", "prodrun@%h",
                                   # beat inside the worker: it drains the outboxes
                                   "--beat", "--schedule", str(var / "celerybeat-schedule"),
                                   "--without-gossip", "--without-mingle", "--without-heartbeat"], env)
            procs.start("gunicorn", [PY, "-m", "gunicorn", "balai.wsgi:application", "--bind", f"127.0.0.1:{web_port}",
                                     "--workers", "2", "--timeout", "120", "--access-logfile", "-",
                                     "--error-logfile", "-", "--log-level", "info",
                                     "--no-control-socket"], env)  # no shared ~/.gunicorn/gunicorn.ctl
            # the bank delivers webhooks over HTTPS and trusts the proxy's certificate
            procs.start("sandbox", [PY, "-m", "balai", "sandbox_gateway", "--port", str(sandbox_port),
                                    "--webhook-url", env["SANDBOX_WEBHOOK_URL"]], bank_settings(env, var, proxy))
            proxy.start()
            celery_app = Celery(broker=args.redis)

            def up():
                for name in procs.procs:
                    check(procs.alive(name), f"{name} exited early; see {logs / (name + '.log')}")
                try:
                    web = requests.get(f"{direct}/healthz", headers={"X-Forwarded-Proto": "https"}, timeout=5)
                    web = web.ok and requests.get(f"{base}/healthz", verify=Client.ca, timeout=5)
                    bank = requests.get(f"{sandbox}/", timeout=5)
                except requests.RequestException:  # not listening yet, or workers still booting
                    return False
                pong = celery_app.control.inspect(timeout=1, limit=1).ping()
                return web.ok and bank.ok and bool(pong)

            poll("gunicorn, the Celery worker and the sandbox bank", up, timeout=90)
            check(len(children_of(procs.procs["gunicorn"][0].pid)) == 2, "gunicorn did not start 2 workers")
            log(f"up: gunicorn {direct} (2 workers) behind the TLS proxy {base}, celery worker, "
                f"sandbox bank {sandbox}")

        with step("production security"):
            plain = requests.get(f"{direct}/healthz", allow_redirects=False, timeout=10)
            check(plain.status_code == 301 and plain.headers["Location"].startswith("https://"),
                  f"plain HTTP was not redirected to https: {plain.status_code}")
            secure = requests.get(f"{base}/masuk/", verify=Client.ca, timeout=10)
            check("max-age=31536000" in secure.headers.get("Strict-Transport-Security", ""), "no HSTS header")
            check("unsafe-inline" not in secure.headers.get("Content-Security-Policy", "unsafe-inline"), "CSP")
            cookie = secure.headers.get("Set-Cookie", "")
            check("csrftoken=" in cookie and "Secure" in cookie, f"CSRF cookie not Secure: {cookie}")
            log("plain HTTP to gunicorn → 301 https; through the proxy: HSTS, CSP without unsafe-inline, "
                "Secure cookies")
            no_demo_mode(base, env, logs)

        with psycopg.connect(db_url) as conn:
            since = conn.execute("SELECT now()").fetchone()[0]
        # The agent's device signs in first: the desk login later needs the next TOTP step.
        device = device_login(base, accounts)
        with step("journey (a) apply → approve → signed letter"):
            journey_case(base, accounts, result)
        with step("journey (b) PKB bill → sandbox bank → webhook → e-TBPKP"):
            journey_pkb(base, sandbox, proxy, accounts, result)
        with step("journey (c) agent collection → day closing"):
            journey_agent(base, accounts, device, db_url, result)
        with step("evidence: async work ran on the worker"):
            evidence(procs, logs, celery_app, db_url, since, result)
        for name in ("gunicorn", "celery", "sandbox"):
            text = (logs / f"{name}.log").read_text(errors="replace")
            check("Traceback" not in text, f"{name}.log has a traceback")
    except Exception as exc:  # report, clean up, exit non-zero
        failed = exc
        if not isinstance(exc, Failure):
            traceback.print_exc()
    finally:
        procs.stop_all()
        proxy.stop()
        try:
            with psycopg.connect(admin_url, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{args.db}" WITH (FORCE)')
            rconn.flushdb()
        except Exception as exc:
            log(f"cleanup: {exc}")

    print("\n=== production-mode run: summary ===")
    for name, seconds in STEPS:
        print(f"  {seconds:6.1f} s  {name}")
    for key in ("case", "letter", "case_completed_after_s", "bill", "webhook_paid_after_s", "etbpkp",
                "etbpkp_after_s", "closing", "worker", "worker_tasks", "documents_issued"):
        if key in result:
            print(f"  {key}: {result[key]}")
    total = time.monotonic() - t0
    if failed is not None:
        print(f"FAILED after {total:.0f} s: {failed}\n  logs: {logs}")
        for name in ("gunicorn", "celery", "sandbox"):
            path = logs / f"{name}.log"
            if path.exists():
                print(f"--- last lines of {path.name}")
                print("\n".join(path.read_text(errors="replace").splitlines()[-25:]))
        return 1
    print(f"PASSED in {total:.0f} s (logs: {logs})")
    return 0


if __name__ == "__main__":
    sys.exit(main())

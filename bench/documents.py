"""Bench: render and sign documents (issue #4), with WeasyPrint rendering alone measured in the same
run, on a scratch var/ (SQLite, its own development CA) so the real var/ is untouched.

Phases, each over N one-page A4 letters with a QR code (the shape of most Balai outputs):
1. render   — template → PDF/A-3b with WeasyPrint (the floor: what signing adds is measured against it)
2. sign     — render + PAdES signature with the visible stamp (no database)
3. issue    — the full service: number + row, render, sign, store, complete (what a worker does)
4. issue ×P — the full service in P processes at once (a Celery worker with concurrency P)

Run: .venv/bin/python bench/documents.py [--n 500] [--processes 2]
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CONTEXT = {
    "title": "Surat Keterangan",
    "opening": "Yang bertanda tangan di bawah ini menerangkan bahwa:",
    "facts": [["Nama", "Siti Aminah"], ["NIK", "3578084512990001"], ["Tempat/tgl. lahir", "Surabaya, 5 Desember 1999"],
              ["Alamat", "Jl. Raya Gubeng No. 12, RT 003/RW 005, Gubeng, Kota Surabaya"]],
    "paragraphs": ["benar berdomisili di alamat tersebut di atas sejak tahun 2015.",
                   "Surat keterangan ini diberikan untuk keperluan administrasi kependudukan."],
    "closing": "Demikian surat keterangan ini dibuat untuk dipergunakan sebagaimana mestinya.",
}


def _setup(var: Path) -> None:
    os.environ["BALAI_VAR_DIR"] = str(var)
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "balai.settings")
    import django

    django.setup()


def _issue_kwargs(i: int, prefix: str) -> dict:
    return {"doc_type": "letter", "subject_type": "bench", "subject_id": f"{prefix}-{i}",
            "template": "documents/pdf/letter.html", "context": CONTEXT, "issuing_unit": "Dispendukcapil Kota Surabaya",
            "subject_name": "Siti Aminah", "signer_name": "Drs. Budi Santoso", "signer_nip": "197403242006041015"}


def _worker(args: tuple[str, int, int, str]) -> tuple[list[float], list[float], float, float]:
    """One process (a Celery prefork child): warm up, then issue ``count`` documents. Returns the
    per-document times and the wall-clock span of the timed part."""
    var, start, count, prefix = args
    _setup(Path(var))
    from django.db import connections

    from balai.documents.services import document_issue

    for i in range(2):
        document_issue(**_issue_kwargs(i, f"{prefix}-warm-{start}"))
    times, cpu = [], []
    began = time.time()
    for i in range(start, start + count):
        t, c = time.perf_counter(), time.process_time()
        document_issue(**_issue_kwargs(i, prefix))
        times.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    ended = time.time()
    connections.close_all()
    return times, cpu, began, ended


def _stats(name: str, times: list[float], wall: float, cpu: list[float], processes: int = 1) -> dict:
    ordered = sorted(times)
    cpu_p50 = statistics.median(cpu)
    return {"phase": name, "n": len(times), "p50_ms": statistics.median(ordered) * 1000,
            "p95_ms": ordered[int(len(ordered) * 0.95) - 1] * 1000, "per_s": len(times) / wall,
            "cpu_p50_ms": cpu_p50 * 1000, "cpu_per_s": processes / statistics.mean(cpu)}


def _timed(fn, n: int) -> tuple[list[float], list[float], float]:
    times, cpu = [], []
    began = time.perf_counter()
    for i in range(n):
        t, c = time.perf_counter(), time.process_time()
        fn(i)
        times.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    return times, cpu, time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=500)
    parser.add_argument("--processes", type=int, default=2)
    args = parser.parse_args()

    var = Path(tempfile.mkdtemp(prefix="balai-bench-documents-"))
    _setup(var)
    from django.core.management import call_command
    from django.utils import timezone, translation

    call_command("migrate", verbosity=0)
    call_command("init_signing", verbosity=0)

    from balai.documents.models import Document
    from balai.documents.rendering import qr_data_uri, render_pdf
    from balai.documents.services import document_issue
    from balai.documents.signers import SignRequest, get_signer

    signer = get_signer()
    # A stand-in for the document row (rendering needs number, dates, signer and the QR).
    stub = Document(pk=10**6, number="0001/SRT/DKS/XI/2026", doc_type="letter", issuing_unit="Dispendukcapil Kota Surabaya",
                    signer_name="Drs. Budi Santoso", signer_title="Kepala Dinas", signer_nip="197403242006041015",
                    issued_at=timezone.now())
    context = {**CONTEXT, "document": stub, "verify_url": stub.verify_url,
               "qr_data_uri": qr_data_uri(stub.verify_url)}

    def render_once() -> bytes:
        with translation.override("id"):
            return render_pdf("documents/pdf/letter.html", context)

    for i in range(5):  # warm-up: WeasyPrint's first render in a process costs ~2× a warm one
        signer.sign(render_once(), SignRequest("Drs. Budi Santoso", "Kepala Dinas", "", timezone.now(), "bench"))
        document_issue(**_issue_kwargs(i, "warm"))

    load_before = os.getloadavg()
    results = []
    times, cpu, wall = _timed(lambda i: render_once(), args.n)
    results.append(_stats("render (WeasyPrint only)", times, wall, cpu))

    def render_and_sign(i: int) -> None:
        signer.sign(render_once(), SignRequest("Drs. Budi Santoso", "Kepala Dinas", "197403242006041015",
                                               timezone.now(), "bench"))

    times, cpu, wall = _timed(render_and_sign, args.n)
    results.append(_stats("render + sign", times, wall, cpu))
    times, cpu, wall = _timed(lambda i: document_issue(**_issue_kwargs(i, "one")), args.n)
    results.append(_stats("issue (service: DB + render + sign + store)", times, wall, cpu))

    from django.db import connections

    connections.close_all()
    share = args.n // args.processes
    jobs = [(str(var), p * share, share, "multi") for p in range(args.processes)]
    with multiprocessing.get_context("spawn").Pool(args.processes) as pool:
        parts = pool.map(_worker, jobs)
    wall = max(p[3] for p in parts) - min(p[2] for p in parts)
    results.append(_stats(f"issue × {args.processes} processes (after warm-up)", [t for p in parts for t in p[0]], wall,
                          [c for p in parts for c in p[1]], processes=args.processes))

    expected = 5 + args.n + share * args.processes + 2 * args.processes
    assert Document.objects.filter(subject_type="bench", status="valid").count() == expected

    print(f"machine: {os.cpu_count()} CPUs, {platform.processor() or platform.machine()}, Python {platform.python_version()}; "
          f"load average at start {load_before[0]:.2f}, at end {os.getloadavg()[0]:.2f} (other work shares the CPUs)")
    print(f"documents: one-page A4 letter with QR, PDF/A-3b, PAdES ECDSA P-256 with visible stamp; n={args.n}")
    print("wall = elapsed time (includes waiting for the CPU when other work runs); cpu = this process's CPU time")
    print(f"{'phase':50} {'n':>5} {'wall p50':>9} {'wall p95':>9} {'docs/s':>7} {'cpu p50':>8} {'docs/s@cpu':>10}")
    for r in results:
        print(f"{r['phase']:50} {r['n']:>5} {r['p50_ms']:>7.1f}ms {r['p95_ms']:>7.1f}ms {r['per_s']:>7.1f} "
              f"{r['cpu_p50_ms']:>6.1f}ms {r['cpu_per_s']:>10.1f}")
    render, signed, issued = results[0], results[1], results[2]
    for key, label in (("p50_ms", "wall"), ("cpu_p50_ms", "cpu")):
        print(f"{label}: signing adds {signed[key] - render[key]:.1f} ms p50 "
              f"(render+sign / render = {signed[key] / render[key]:.2f}); "
              f"full issue / render = {issued[key] / render[key]:.2f}")
    print(f"scratch var: {var}")


if __name__ == "__main__":
    main()

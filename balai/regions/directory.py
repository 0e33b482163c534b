"""Region names from the packaged Kemendagri table, for code that must not need the database
(NIK parsing). Provinces, regencies and districts only: ~7,800 rows, read on first use."""

from __future__ import annotations

import csv
import threading
from pathlib import Path

DATA_FILE = Path(__file__).resolve().parent / "data" / "wilayah.csv"


class PackagedRegionDirectory:
    def __init__(self, path: Path = DATA_FILE):
        self._path = path
        self._names: dict[str, str] | None = None
        self._lock = threading.Lock()

    def _load(self) -> dict[str, str]:
        with self._lock:
            if self._names is None:
                names: dict[str, str] = {}
                with self._path.open(encoding="utf-8", newline="") as handle:
                    for row in csv.DictReader(handle):
                        if row["level"] != "village":
                            names[row["code"]] = row["name"]
                self._names = names
        return self._names

    def name(self, code: str) -> str | None:
        names = self._names if self._names is not None else self._load()
        return names.get(code)


_packaged = PackagedRegionDirectory()


def packaged_directory() -> PackagedRegionDirectory:
    return _packaged

"""Synthetic population CSV for `balai import_population` (issue #6 benchmark).

    .venv/bin/python bench/civil_population.py 100000 var/bench/population.csv

Families of 1–6 persons in Jatim villages; NIKs and KK numbers follow the layouts of REFERENCE
§1.1–1.2 (district + birth date (+40 for women) + serial; district + DDMMYY + serial). Seeded,
so the same arguments give the same file. Nothing here is real data.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
MEN = ["Agus", "Budi", "Slamet", "Joko", "Heru", "Bambang", "Eko", "Dwi", "Rizky", "Fajar", "Imam", "Hasan",
       "Sutrisno", "Wahyu", "Ahmad", "Yusuf", "Dimas", "Arif", "Teguh", "Bayu"]
WOMEN = ["Siti", "Sri", "Dewi", "Nur", "Ani", "Rina", "Wulan", "Fitri", "Lestari", "Aminah", "Aisyah", "Indah",
         "Ratna", "Yuni", "Putri", "Kartika", "Endang", "Suci", "Maya", "Nanik"]
SECOND = ["", "", "Santoso", "Wibowo", "Lestari", "Rahayu", "Pratama", "Saputra", "Hidayat", "Kusuma",
          "Wati", "Susanti", "Prasetyo", "Nugroho", "Setiawan", "Maulana", "Ningsih", "Handayani", "Purnomo", "Utami"]
JOBS = ["Karyawan swasta", "Wiraswasta", "Petani", "Buruh harian lepas", "Pedagang", "Guru", "Nelayan",
        "Mengurus rumah tangga", "Pelajar/mahasiswa", "PNS"]


def villages() -> list[str]:
    path = HERE / "balai" / "regions" / "data" / "wilayah.csv"
    with path.open(encoding="utf-8") as handle:
        return [r["code"] for r in csv.DictReader(handle) if r["level"] == "village" and r["code"].startswith("35")]


def name(rng: random.Random, sex: str) -> str:
    first = rng.choice(MEN if sex == "M" else WOMEN)
    second = rng.choice(SECOND)
    third = rng.choice(SECOND) if rng.random() < 0.3 else ""
    return " ".join(p for p in (first, second, third) if p)


def main(n: int, out: Path, seed: int = 6) -> None:
    rng = random.Random(seed)
    codes = villages()
    serials: dict[str, int] = {}

    def serial(prefix: str) -> str:
        serials[prefix] = serials.get(prefix, 0) + 1
        return f"{prefix}{serials[prefix]:04d}"

    def nik(district: str, born: dt.date, sex: str) -> str:
        return serial(f"{district}{born.day + (40 if sex == 'F' else 0):02d}{born:%m%y}")

    out.parent.mkdir(parents=True, exist_ok=True)
    written = 0
    with out.open("w", encoding="utf-8", newline="") as handle:
        w = csv.writer(handle)
        w.writerow(["kk_number", "street", "rt", "rw", "village_code", "postal_code", "relationship", "nik",
                    "full_name", "sex", "birth_place", "birth_date", "religion", "marital_status", "education",
                    "occupation", "blood_type", "citizenship", "father_name", "mother_name"])
        while written < n:
            village = rng.choice(codes)
            district = village[:6]
            issued = dt.date(2010, 1, 1) + dt.timedelta(days=rng.randrange(5800))
            kk = serial(f"{district}{issued:%d%m%y}")
            street = f"Jl. {rng.choice(['Melati', 'Mawar', 'Kenanga', 'Merdeka', 'Diponegoro', 'Pahlawan'])} " \
                     f"No. {rng.randrange(1, 200)}"
            rt, rw, post = str(rng.randrange(1, 15)), str(rng.randrange(1, 10)), f"6{rng.randrange(1000, 9999)}"
            size = min(n - written, rng.choice([1, 2, 3, 3, 4, 4, 4, 5, 5, 6]))
            head_born = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(18000))
            head = name(rng, "M")
            wife = name(rng, "F")
            rows = [("Kepala Keluarga", "M", head_born, head, "Kawin" if size > 1 else "Belum kawin", "", "")]
            if size > 1:
                rows.append(("Istri", "F", head_born + dt.timedelta(days=rng.randrange(-1500, 2500)), wife, "Kawin",
                             "", ""))
            for _ in range(size - len(rows)):
                sex = rng.choice("MF")
                born = head_born + dt.timedelta(days=rng.randrange(7000, 12000))
                rows.append(("Anak", sex, min(born, dt.date(2026, 6, 1)), name(rng, sex), "Belum kawin", head, wife))
            for rel, sex, born, full, marital, father, mother in rows:
                w.writerow([kk, street, rt, rw, village, post, rel, nik(district, born, sex), full,
                            "L" if sex == "M" else "P", rng.choice(["Surabaya", "Malang", "Kediri", "Jember",
                                                                    "Sidoarjo", "Madiun"]),
                            born.isoformat(), rng.choice(["Islam"] * 8 + ["Kristen", "Katolik", "Hindu"]), marital,
                            rng.choice(["SLTA/sederajat", "Tamat SD/sederajat", "SLTP/sederajat",
                                        "Diploma IV/Strata I"]),
                            rng.choice(JOBS), rng.choice(["A", "B", "AB", "O", ""]), "WNI", father, mother])
                written += 1


if __name__ == "__main__":
    main(int(sys.argv[1]), Path(sys.argv[2]))

"""Demo vehicles (idempotent): three for the demo citizen ``warga`` (one with two years of arrears,
a second car for the progressive rate), one blocked, one due for its 5-yearly renewal."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.utils import timezone

from .engine import add_years
from .models import Vehicle
from .services import vehicle_block, vehicle_register

WARGA_NIK, WARGA_NAME, WARGA_ADDRESS = "3578084512990001", "Siti Aminah", "Jl. Raya Gubeng No. 12, RT 3/RW 5, Gubeng"


def _vehicles(today: date) -> list[dict]:
    this_year_due = date(today.year, today.month, min(today.day, 28))
    return [
        {"plate": "L 1234 AB", "chassis_number": "MH1JM8117NK123456", "engine_number": "JM81E1234567",
         "category": "motorcycle", "cc": 125, "make": "Honda", "model": "Vario 125", "year": 2022, "colour": "Hitam",
         "owned_since": date(2022, 5, 2), "due_date": add_years(this_year_due, 0),
         "stnk_valid_until": date(2027, 5, 2), "note": "on time"},
        {"plate": "L 1888 QA", "chassis_number": "MHKA1BA1JNK654321", "engine_number": "1NRF987654",
         "category": "minibus", "cc": 1329, "make": "Toyota", "model": "Avanza 1.3 G", "year": 2021,
         "colour": "Silver", "owned_since": date(2021, 8, 17), "due_date": add_years(this_year_due, -2),
         "stnk_valid_until": date(2031, 8, 17), "note": "two years of arrears"},
        {"plate": "L 2024 RB", "chassis_number": "MHRDD1850NJ777777", "engine_number": "L12B7777777",
         "category": "minibus", "cc": 1199, "make": "Honda", "model": "Brio Satya", "year": 2022, "colour": "Merah",
         "owned_since": date(2022, 11, 1), "due_date": this_year_due, "stnk_valid_until": date(2032, 11, 1),
         "note": "second car: progressive"},
        {"plate": "W 4321 XY", "chassis_number": "MH3SG3110PK111111", "engine_number": "G3E4111111",
         "category": "motorcycle", "cc": 155, "make": "Yamaha", "model": "NMAX 155", "year": 2023, "colour": "Putih",
         "owned_since": date(2023, 2, 1), "due_date": this_year_due, "stnk_valid_until": date(2028, 2, 1),
         "owner": ("3515014101900003", "Bambang Prasetyo", "Jl. Diponegoro 7, Sidoarjo"), "regency": "3515",
         "block": "stolen", "note": "blocked"},
        {"plate": "N 5555 CD", "chassis_number": "MH1JF5110LK222222", "engine_number": "JF51E2222222",
         "category": "motorcycle", "cc": 110, "make": "Honda", "model": "Beat", "year": 2021, "colour": "Biru",
         "owned_since": date(2021, 1, 15), "due_date": this_year_due, "stnk_valid_until": this_year_due,
         "owner": ("3507024202880004", "Dewi Lestari", "Jl. Raya Kepanjen 21, Malang"), "regency": "3507",
         "note": "5-yearly renewal due"},
    ]


def seed_demo_vehicles(accounts: list[dict]) -> Iterable[str]:
    out = []
    for spec in _vehicles(timezone.localdate()):
        vehicle = Vehicle.objects.filter(chassis_number=spec["chassis_number"]).first()
        if vehicle is None:
            nik, name, address = spec.get("owner", (WARGA_NIK, WARGA_NAME, WARGA_ADDRESS))
            vehicle = vehicle_register(
                plate=spec["plate"], chassis_number=spec["chassis_number"], engine_number=spec["engine_number"],
                category=spec["category"], cc=spec["cc"], make=spec["make"], model=spec["model"], year=spec["year"],
                colour=spec["colour"], owner_nik=nik, owner_name=name, owner_address=address,
                owned_since=spec["owned_since"], regency_code=spec.get("regency", "3578"),
                stnk_valid_until=spec["stnk_valid_until"], due_date=spec["due_date"])
            if spec.get("block"):
                vehicle_block(vehicle=vehicle, reason=spec["block"], note="Data demo")
        out.append(f"{vehicle.plate_display} + chassis tail {vehicle.chassis_tail} ({spec['note']}) — /pkb/")
    out.append("PKB simulator: /pkb/simulasi/ · citizen 'warga' sees own vehicles at /pkb/kendaraan-saya/")
    return out

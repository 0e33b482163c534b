"""Builders for vehicles tests."""

from __future__ import annotations

import itertools
from datetime import date

from balai.vehicles.services import vehicle_register

_seq = itertools.count(1)


def make_vehicle(**overrides):
    n = next(_seq)
    values = {
        "plate": f"L {1000 + n} AB", "chassis_number": f"MH1JM{n:07d}AB{n % 10}X", "engine_number": f"JM{n:08d}",
        "category": "motorcycle", "cc": 125, "make": "Honda", "model": "Vario 125", "year": 2022, "colour": "Hitam",
        "owner_nik": "3578084512990001", "owner_name": "Siti Aminah", "owner_address": "Jl. Raya Gubeng No. 12",
        "owned_since": date(2022, 3, 10), "regency_code": "3578", "stnk_valid_until": date(2027, 3, 10),
        "due_date": date(2026, 3, 10), "njkb": 15_000_000,
    }
    values.update(overrides)
    return vehicle_register(**values)

"""Register factories for tests: persons straight into the register, families through the services."""

from __future__ import annotations

import datetime as dt
import itertools

from balai.civil.models import Person, Relationship
from balai.civil.services import CardAddress, family_card_create

_serial = itertools.count(1)

GUBENG = "3578081001"  # a kelurahan in Kec. Gubeng, Kota Surabaya
MALANG_VILLAGE = "3507012001"


def make_person(*, full_name: str = "Budi", sex: str = "M", birth_date: dt.date = dt.date(1990, 1, 2),
                nik: str | None = None, district: str = "357808", **extra) -> Person:
    if nik is None:
        day = birth_date.day + (40 if sex == "F" else 0)
        # Serials from 5000 up keep factory NIKs apart from allocated ones (which start at 1).
        nik = f"{district}{day:02d}{birth_date:%m%y}{5000 + next(_serial):04d}"
    defaults = {"birth_place": "Surabaya", "religion": "islam", "marital_status": "kawin",
                "education": "slta", "occupation": "Karyawan swasta"}
    defaults.update(extra)
    return Person.objects.create(nik=nik, full_name=full_name, sex=sex, birth_date=birth_date, **defaults)


def make_family(*, village: str = GUBENG, by=None, head_name: str = "Sutrisno", wife_name: str = "Siti Aminah"):
    """Head + wife on a new card. Returns (card, head, wife)."""
    head = make_person(full_name=head_name, sex="M", birth_date=dt.date(1985, 8, 17))
    wife = make_person(full_name=wife_name, sex="F", birth_date=dt.date(1999, 12, 5))
    card = family_card_create(head=head, members=[(wife, Relationship.WIFE)], by=by,
                              address=CardAddress("Jl. Raya Gubeng No. 12", "3", "5", village, "60281"))
    return card, head, wife

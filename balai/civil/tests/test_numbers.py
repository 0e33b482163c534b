"""NIK / KK number allocation: properties and concurrency (ARCHITECTURE invariant 4)."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection, connections, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from balai.civil.numbers import allocate_kk_number, allocate_nik, nik_prefix, raise_counter
from balai.core.nik import parse_nik

from .factories import make_person

dates = st.dates(min_value=dt.date(1930, 1, 1), max_value=dt.date(2026, 11, 1))
districts = st.sampled_from(["357808", "357801", "350701", "351514"])


@pytest.mark.django_db
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(district=districts, born=dates, sex=st.sampled_from(["M", "F"]))
def test_allocated_nik_decodes_back(district, born, sex):
    nik = allocate_nik(district_code=district, birth_date=born, sex=sex)
    parsed = parse_nik(nik, today=dt.date(2026, 11, 28))
    assert parsed.valid, parsed.errors
    assert parsed.district.code == district
    assert (parsed.birth_date.day, parsed.birth_date.month, parsed.birth_date.year % 100) == \
        (born.day, born.month, born.year % 100)
    assert parsed.sex == sex


@pytest.mark.django_db
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(n=st.integers(min_value=1, max_value=12), taken=st.sets(st.integers(min_value=1, max_value=15), max_size=5))
def test_serials_are_distinct_and_skip_numbers_already_in_the_register(n, taken):
    born = dt.date(2001, 2, 3)
    prefix = nik_prefix("357809", born, "M")
    from balai.civil.models import Person
    from balai.core.models import Counter

    Person.objects.filter(nik__startswith=prefix).delete()
    Counter.objects.filter(key=f"nik:{prefix}").delete()
    for serial in taken:
        make_person(nik=f"{prefix}{serial:04d}", birth_date=born)
    got = [allocate_nik(district_code="357809", birth_date=born, sex="M") for _ in range(n)]
    serials = [int(nik[12:]) for nik in got]
    assert len(set(got)) == n
    assert not set(serials) & taken
    # seeded past the highest serial in use
    assert min(serials) > max(taken, default=0)
    assert serials == sorted(serials)


@pytest.mark.django_db
def test_counter_raised_by_an_import_is_respected():
    born = dt.date(2000, 1, 1)
    prefix = nik_prefix("357808", born, "F")
    raise_counter(f"nik:{prefix}", 41)
    assert allocate_nik(district_code="357808", birth_date=born, sex="F").endswith("0042")


@pytest.mark.django_db
def test_kk_number_layout():
    number = allocate_kk_number(district_code="357808", on=dt.date(2026, 3, 20))
    assert number == "3578082003260001"
    assert allocate_kk_number(district_code="357808", on=dt.date(2026, 3, 20)).endswith("0002")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency needs PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_fifty_simultaneous_births_same_prefix_get_distinct_niks():
    from balai.civil.models import Person
    from balai.civil.services import PersonData, birth_register

    from .factories import make_family

    card, head, wife = make_family()
    born = dt.date(2026, 3, 5)
    barrier = threading.Barrier(50)
    results, errors = [], []

    def register(i: int) -> None:
        try:
            barrier.wait(timeout=30)
            tag = chr(65 + i % 26) + chr(65 + i // 26)  # distinct mothers: no duplicate rule fires
            child = PersonData(full_name=f"Anak {tag}", sex="F", birth_place="Surabaya", birth_date=born,
                               religion="islam", mother_name=f"Ibu {tag}")
            with transaction.atomic():
                outcome = birth_register(card=card, child=child, district_code="357808", by=None,
                                         registered_on=dt.date(2026, 3, 20))
            results.append(outcome.child.nik)
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=register, args=(i,)) for i in range(50)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(results) == 50 and len(set(results)) == 50
    assert all(n.startswith("357808450326") for n in results)
    assert Person.objects.filter(nik__startswith="357808450326").count() == 50
    card.refresh_from_db()
    assert card.current_version == 51

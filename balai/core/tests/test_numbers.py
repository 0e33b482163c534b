import threading

import pytest
from django.db import connection, connections, transaction
from hypothesis import given
from hypothesis import strategies as st

from balai.core.numbers import damm_check_digit, damm_valid, next_value, scramble, with_check_digit


@given(st.text("0123456789", min_size=1, max_size=15))
def test_damm_detects_every_single_digit_error(digits):
    code = with_check_digit(digits)
    assert damm_valid(code)
    for i, ch in enumerate(code):
        for other in "0123456789":
            if other != ch:
                assert not damm_valid(code[:i] + other + code[i + 1:])


@given(st.text("0123456789", min_size=2, max_size=15))
def test_damm_detects_adjacent_transpositions(digits):
    code = with_check_digit(digits)
    for i in range(len(code) - 1):
        if code[i] != code[i + 1]:
            swapped = code[:i] + code[i + 1] + code[i] + code[i + 2:]
            assert not damm_valid(swapped)


def test_damm_known_value():
    assert damm_check_digit("572") == "4"


def test_scramble_is_a_permutation_of_the_range():
    values = {scramble(n, digits=4, domain="t") for n in range(10_000)}
    assert values == set(range(10_000))
    # neighbours are not neighbours after scrambling
    assert sum(abs(scramble(n, digits=4, domain="t") - scramble(n + 1, digits=4, domain="t")) < 10
               for n in range(1000)) < 20


@pytest.mark.django_db
def test_counter_increments():
    assert [next_value("k") for _ in range(3)] == [1, 2, 3]
    assert next_value("other") == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency is tested on PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_counter_is_unique_under_concurrency():
    got, errors = [], []
    barrier = threading.Barrier(10)

    def worker():
        try:
            barrier.wait()
            for _ in range(20):
                with transaction.atomic():
                    got.append(next_value("race"))
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(got) == list(range(1, 201))

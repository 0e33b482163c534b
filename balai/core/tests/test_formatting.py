import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from hypothesis import given
from hypothesis import strategies as st

from balai.core.formatting import (
    format_date_id,
    format_datetime_id,
    format_number,
    format_rupiah,
    roman_month,
    rupiah_in_words,
)


def test_rupiah_uses_full_stops_and_no_decimals():
    assert format_rupiah(1_234_567) == "Rp 1.234.567"
    assert format_rupiah(0) == "Rp 0"
    assert format_rupiah(500) == "Rp 500"
    assert format_rupiah(-5_000) == "-Rp 5.000"
    assert format_number(2_110_000) == "2.110.000"


@pytest.mark.parametrize("bad", [1.5, "1000", True, None])
def test_rupiah_refuses_anything_but_integers(bad):
    with pytest.raises(TypeError):
        format_rupiah(bad)


def test_indonesian_dates_and_times():
    assert format_date_id(dt.date(1999, 12, 5)) == "5 Desember 1999"
    assert format_date_id(dt.date(1999, 12, 5), weekday=True) == "Minggu, 5 Desember 1999"
    moment = dt.datetime(2026, 1, 1, 23, 30, tzinfo=dt.UTC)  # 06.30 the next day in Jakarta
    assert format_datetime_id(moment) == "2 Januari 2026 06.30 WIB"
    assert format_date_id(moment) == "2 Januari 2026"
    assert format_datetime_id(dt.datetime(2026, 8, 17, 9, 5, tzinfo=ZoneInfo("Asia/Jakarta")), seconds=True) \
        == "17 Agustus 2026 09.05.00 WIB"
    assert roman_month(dt.date(2026, 11, 3)) == "XI"


def test_rupiah_in_words():
    assert rupiah_in_words(0) == "nol rupiah"
    assert rupiah_in_words(11) == "sebelas rupiah"
    assert rupiah_in_words(1_000) == "seribu rupiah"
    assert rupiah_in_words(115) == "seratus lima belas rupiah"
    assert rupiah_in_words(2_110_000) == "dua juta seratus sepuluh ribu rupiah"
    assert rupiah_in_words(1_250_750) == "satu juta dua ratus lima puluh ribu tujuh ratus lima puluh rupiah"
    assert rupiah_in_words(3_000_000_000) == "tiga miliar rupiah"


@given(st.integers(min_value=0, max_value=10**15))
def test_rupiah_round_trips_through_its_digits(amount):
    text = format_rupiah(amount)
    assert int(text.removeprefix("Rp ").replace(".", "")) == amount
    assert "  " not in rupiah_in_words(amount)


def test_template_filters():
    rendered = Template("{% load balai_format %}{{ a|rupiah }} | {{ d|tanggal }} | {{ a|terbilang }}").render(
        Context({"a": 35_000, "d": dt.date(2025, 1, 5)}))
    assert rendered == "Rp 35.000 | 5 Januari 2025 | tiga puluh lima ribu rupiah"

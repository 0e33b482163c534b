import datetime as dt

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from balai.core.nik import build_nik, check_kk_number, nip_warnings, parse_nik
from balai.regions.directory import packaged_directory

TODAY = dt.date(2026, 11, 27)
DIRECTORY = packaged_directory()
JATIM_DISTRICTS = sorted(code for code in DIRECTORY._load() if len(code) == 6 and code.startswith("35"))
ALL_DISTRICTS = sorted(code for code in DIRECTORY._load() if len(code) == 6)


def parse(nik, today=TODAY):
    return parse_nik(nik, today=today, regions=DIRECTORY)


# --- golden examples (REFERENCE §1.1) -----------------------------------------------------------

def test_reference_example_surabaya_gubeng_woman():
    r = parse("3578084512990001")
    assert r.valid
    assert (r.province.code, r.province.name) == ("35", "Jawa Timur")
    assert (r.regency.code, r.regency.name) == ("3578", "Kota Surabaya")
    assert (r.district.dotted, r.district.name) == ("35.78.08", "Gubeng")
    assert r.birth_date == dt.date(1999, 12, 5)
    assert r.sex == "F"
    assert r.serial == "0001"
    assert r.warnings == []


def test_reference_example_sidoarjo_man():
    r = parse("3515140508680001")
    assert r.valid
    assert r.regency.name == "Kabupaten Sidoarjo"
    assert r.birth_date == dt.date(1968, 8, 5)
    assert r.sex == "M"


def test_same_person_as_woman_reads_plus_forty():
    assert parse("3515144508680001").sex == "F"
    assert parse("3515144508680001").birth_date == dt.date(1968, 8, 5)


@pytest.mark.parametrize(("nik", "code"), [
    ("357808451299000", "length"),
    ("35780845129900011", "length"),
    ("3578O84512990001", "non_digit"),
    ("３５７８０８４５１２９９０００１", "non_digit"),  # full-width digits are not ASCII
    ("0078084512990001", "unknown_province"),
    ("3700084512990001", "unknown_province"),
    ("3570084512990001", "unknown_regency"),   # 35.70 does not exist; Jatim codes are stable
    ("3578994512990001", "unknown_district"),  # 35.78.99 does not exist in Jatim
    ("3578083212990001", "invalid_date"),      # day 32
    ("3578087212990001", "invalid_date"),      # 72 - 40 = 32
    ("3578080013990001", "invalid_date"),      # month 13
    ("3578083002990001", "invalid_date"),      # 30 February
    ("3578082902250001", "invalid_date"),      # 29 February in neither 1925 nor 2025
    ("3578080000990001", "invalid_date"),
    ("3578084512990000", "serial_zero"),
])
def test_error_codes(nik, code):
    r = parse(nik)
    assert not r.valid
    assert code in r.error_codes


def test_leap_day_resolves_to_leap_year():
    assert parse("3578086902000001").birth_date == dt.date(2000, 2, 29)


def test_century_by_plausible_age():
    # Born 01-01-26: on 27 Nov 2026 that is 2026 (age 0) ...
    assert parse("3578080101260001").birth_date == dt.date(2026, 1, 1)
    # ... but 31-12-26 would be in the future, so it is 1926 (age 100).
    assert parse("3578083112260001").birth_date == dt.date(1926, 12, 31)


def test_future_date_when_no_century_is_plausible(monkeypatch):
    # With the 120-year window one century is always plausible; a stricter window shows the code.
    monkeypatch.setattr("balai.core.nik.MAX_PLAUSIBLE_AGE", 90)
    r = parse("3578081512260001")  # 15-12-2026 is after today and 1926 is older than 90 years
    assert r.error_codes == ["future_date"]


def test_old_papua_district_is_a_warning_not_an_error():
    # Merauke was 91.01 before the 2022 split (now 93.01); its old kecamatan codes may be gone.
    r = parse("9101994512990001")
    assert r.valid
    assert [w.code for w in r.warnings] in (["unknown_district"], ["unknown_regency"])


def test_unknown_regency_outside_jatim_is_a_warning():
    r = parse("9169014512990001")
    assert r.valid and [w.code for w in r.warnings] == ["unknown_regency"]


def test_unknown_regency_implausible_code_is_an_error():
    assert "unknown_regency" in parse("9170014512990001").error_codes


# --- properties -------------------------------------------------------------------------------

dates = st.dates(min_value=dt.date(1907, 1, 1), max_value=TODAY)


@settings(max_examples=300, deadline=None)
@given(district=st.sampled_from(ALL_DISTRICTS), birth=dates, sex=st.sampled_from(["M", "F"]),
       serial=st.integers(min_value=1, max_value=9999))
def test_every_generated_nik_parses_back(district, birth, sex, serial):
    # The two-digit year is ambiguous only when both centuries are plausible; the parser picks the
    # most recent, so generate dates where that is the true one.
    assume(birth.year >= 2000 or (birth.replace(year=birth.year + 100) if not (birth.month == 2 and birth.day == 29)
                                  else dt.date(birth.year + 100, 3, 1)) > TODAY)
    nik = build_nik(district, birth, sex, serial)
    r = parse(nik)
    assert r.valid, r.errors
    assert r.district.code == district
    assert r.regency.code == district[:4]
    assert r.province.code == district[:2]
    assert r.birth_date == birth
    assert r.sex == sex
    assert int(r.serial) == serial


@settings(max_examples=200, deadline=None)
@given(district=st.sampled_from(JATIM_DISTRICTS), birth=dates, sex=st.sampled_from(["M", "F"]),
       serial=st.integers(min_value=1, max_value=9999), data=st.data())
def test_every_corruption_is_rejected_with_its_code(district, birth, sex, serial, data):
    nik = build_nik(district, birth, sex, serial)
    kind = data.draw(st.sampled_from(["truncate", "extend", "letter", "serial", "month", "day", "province"]))
    if kind == "truncate":
        bad, code = nik[: data.draw(st.integers(0, 15))], "length"
    elif kind == "extend":
        bad, code = nik + data.draw(st.text("0123456789", min_size=1, max_size=4)), "length"
    elif kind == "letter":
        i = data.draw(st.integers(0, 15))
        bad, code = nik[:i] + data.draw(st.sampled_from("aZ-x ./")) + nik[i + 1:], "non_digit"
    elif kind == "serial":
        bad, code = nik[:12] + "0000", "serial_zero"
    elif kind == "month":
        bad, code = nik[:8] + data.draw(st.sampled_from(["00", "13", "19", "99"])) + nik[10:], "invalid_date"
    elif kind == "day":
        day = data.draw(st.sampled_from(["00", "32", "39", "40", "72", "99"]))
        bad, code = nik[:6] + day + nik[8:], "invalid_date"
    else:
        bad, code = data.draw(st.sampled_from(["00", "10", "20", "30", "37", "41", "99"])) + nik[2:], "unknown_province"
    r = parse(bad)
    assert not r.valid
    assert code in r.error_codes


def test_kk_number_format():
    assert check_kk_number("3578082001150003", regions=DIRECTORY) == []
    assert [i.code for i in check_kk_number("35780820011500", regions=DIRECTORY)] == ["length"]
    assert [i.code for i in check_kk_number("357808200115000X", regions=DIRECTORY)] == ["non_digit"]
    assert [i.code for i in check_kk_number("0078082001150003", regions=DIRECTORY)] == ["unknown_province"]
    assert [i.code for i in check_kk_number("3578082001150000", regions=DIRECTORY)] == ["serial_zero"]


def test_nip_is_only_warned():
    assert nip_warnings("197403242006041015") == []
    assert nip_warnings("19740324 200604 1 015") == []
    assert len(nip_warnings("197413242006041015")) == 1   # month 13
    assert len(nip_warnings("197403242006043015")) == 1   # sex digit 3
    assert nip_warnings("12345")                           # PPPK or typo: warned, never blocked
    assert nip_warnings("") == []

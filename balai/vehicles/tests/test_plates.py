import pytest

from balai.vehicles.plates import PlateError, parse_plate


@pytest.mark.parametrize("raw", ["L 1234 AB", "L1234AB", " l-1234-ab ", "l 1234 ab"])
def test_spellings_normalise_to_one_plate(raw):
    plate = parse_plate(raw)
    assert (plate.normalised, plate.display) == ("L1234AB", "L 1234 AB")


@pytest.mark.parametrize("raw", ["AE 1 A", "AG 9999 XYZ", "W 12", "M 777 Q", "N1P", "S 45 AB", "P 3000 ZZ"])
def test_jatim_area_codes(raw):
    assert parse_plate(raw).area in {"AE", "AG", "W", "M", "N", "S", "P"}


@pytest.mark.parametrize(("raw", "rule"), [
    ("", "required"), ("B 1234 ABC", "area"), ("DK 1 A", "area"), ("L 01234 A", "format"), ("L 0123 A", "leading_zero"),
    ("L ABCD", "format"), ("1234 AB", "format"), ("L 1234 ABCD", "format"), ("L 12345 AB", "format"),
    ("AEE 1 A", "format"), ("L 1234 ABC 12", "length")])
def test_malformed_plates_name_the_rule(raw, rule):
    with pytest.raises(PlateError) as info:
        parse_plate(raw)
    assert info.value.rule == rule

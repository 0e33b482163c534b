import logging

from hypothesis import given
from hypothesis import strategies as st

from balai.core.logging import MaskIdentityNumbers
from balai.core.masking import mask_identity_numbers, mask_name, mask_nik


def test_mask_nik_keeps_region_prefix_and_last_four():
    assert mask_nik("3578084512990001") == "357808******0001"


def test_mask_name():
    assert mask_name("Siti Aminah") == "S*** A*****"
    assert mask_name("Sutrisno") == "S*******"


@given(st.text("0123456789", min_size=16, max_size=16), st.text(max_size=20), st.text(max_size=20))
def test_no_full_16_digit_number_survives_in_text(number, before, after):
    before = before.rstrip("0123456789")
    after = after.lstrip("0123456789")
    masked = mask_identity_numbers(f"{before}{number}{after}")
    assert number not in masked
    assert number[:6] + "******" + number[-4:] in masked


def test_logging_filter_masks_arguments():
    record = logging.LogRecord("balai", logging.INFO, __file__, 1, "citizen %s signed up with KK %s", ("3578084512990001", "3578082001150003"), None)
    assert MaskIdentityNumbers().filter(record)
    assert record.getMessage() == "citizen 357808******0001 signed up with KK 357808******0003"


# --- number plates (a bill's page is public to whoever has its payment code) ---------

def test_mask_plate_keeps_area_first_digit_and_suffix():
    from balai.core.masking import mask_plate

    assert mask_plate("L 1234 AB") == "L 1*** AB"
    assert mask_plate("N 12 X") == "N 1* X"
    assert mask_plate("AG 1234 ABC") == "AG 1*** ABC"
    assert mask_plate("L1234AB") == "L 1*** AB"  # stored form, without spaces
    assert mask_plate("M 7") == "M *"  # a one-digit number is hidden whole
    assert mask_plate("") == ""


def test_mask_plate_of_something_else_hides_every_digit():
    from balai.core.masking import mask_plate

    assert mask_plate("B 12345 XYZW") == "B ***** XYZW"


def test_mask_plates_in_text():
    from balai.core.masking import mask_plates

    assert mask_plates("PKB L 1234 AB 2025–2026") == "PKB L 1*** AB 2025–2026"
    assert mask_plates("PKB AG1234ABC 2026") == "PKB AG 1*** ABC 2026"
    assert mask_plates("PKB tahunan N 12 X (contoh)") == "PKB tahunan N 1* X (contoh)"
    # no plate: words, years, amounts and codes stay as they are
    assert mask_plates("PNBP STNK baru (roda 2) 2026") == "PNBP STNK baru (roda 2) 2026"
    assert mask_plates("Tagihan uji 12345678901234") == "Tagihan uji 12345678901234"


@given(st.sampled_from(["L", "M", "N", "P", "S", "W", "AE", "AG"]), st.integers(1, 9999),
       st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ", max_size=3), st.booleans())
def test_no_plate_number_survives_in_text(area, number, suffix, spaced):
    from balai.core.masking import mask_plates

    plate = " ".join(p for p in (area, str(number), suffix) if p) if spaced else f"{area}{number}{suffix}"
    digits = str(number)
    hidden = digits[0] + "*" * (len(digits) - 1) if len(digits) > 1 else "*"
    expected = " ".join(p for p in (area, hidden, suffix) if p)
    assert mask_plates(f"PKB {plate} 2026") == f"PKB {expected} 2026"

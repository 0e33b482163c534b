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

"""A bill line keeps its Indonesian label as issued; pages show it in the reader's language."""

from django.utils import translation

from balai.payments.registry import line_label_display


def test_vehicle_line_labels_read_in_english_with_regency_and_year_kept():
    with translation.override("en"):
        assert line_label_display("Opsen PKB Kota Surabaya 2026") == "PKB surcharge (opsen) Kota Surabaya 2026"
        assert line_label_display("PKB pokok 2026") == "Principal PKB 2026"
        # the longest stem wins: the opsen sanction is not read as "Sanksi administratif PKB" + rest
        assert line_label_display("Sanksi administratif opsen PKB Kota Malang 2025") == (
            "Administrative sanction on the PKB surcharge (opsen) Kota Malang 2025")
        assert line_label_display("SWDKLLJ (termasuk biaya kartu) 2026") == "SWDKLLJ (including the card fee) 2026"


def test_indonesian_and_unknown_labels_stay_as_issued():
    with translation.override("id"):
        assert line_label_display("Opsen PKB Kota Surabaya 2026") == "Opsen PKB Kota Surabaya 2026"
    with translation.override("en"):
        assert line_label_display("Retribusi parkir 2026") == "Retribusi parkir 2026"
        assert line_label_display("Opsen PKBX 2026") == "Opsen PKBX 2026"  # a stem ends at a space

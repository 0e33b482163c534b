"""A family card's history names each member's relationship in words, not by its code."""

from __future__ import annotations

import pytest

from .factories import make_family


@pytest.mark.django_db
def test_a_card_version_names_relationships_in_words(staff_client):
    card, head, wife = make_family()
    c, _user = staff_client()
    html = c.get(f"/petugas/kependudukan/kk/{card.public_id}/versi/1/").content.decode()
    table = html[html.index("<tbody>"):html.index("</tbody>")]
    assert "Kepala Keluarga" in table and "Istri" in table
    assert "<td>kepala</td>" not in table and "<td>istri</td>" not in table

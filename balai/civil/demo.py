"""Demo family in Gubeng, Surabaya (idempotent): the demo citizen ``warga`` (Siti Aminah) as
mother, her husband ``warga2`` (Sutrisno) as head of family, and their son. Their NIKs are the
demo accounts' NIKs, so the citizens see their family card when they log in."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction

from .models import FamilyCard, Membership, Person, Relationship
from .services import CardAddress, family_card_create

VILLAGE = "3578081001"
HUSBAND = {"nik": "3578081708850002", "full_name": "Sutrisno", "sex": "M", "birth_place": "Surabaya",
           "birth_date": dt.date(1985, 8, 17), "religion": "islam", "marital_status": "kawin", "education": "slta",
           "occupation": "Karyawan swasta", "blood_type": "O", "father_name": "Karto", "mother_name": "Sumiati"}
WIFE = {"nik": "3578084512990001", "full_name": "Siti Aminah", "sex": "F", "birth_place": "Surabaya",
        "birth_date": dt.date(1999, 12, 5), "religion": "islam", "marital_status": "kawin", "education": "s1",
        "occupation": "Guru", "blood_type": "A", "father_name": "Abdul Rahman", "mother_name": "Fatimah"}
SON = {"nik": "3578080203220001", "full_name": "Rafi Pratama", "sex": "M", "birth_place": "Surabaya",
       "birth_date": dt.date(2022, 3, 2), "religion": "islam", "marital_status": "belum_kawin",
       "education": "tidak_sekolah", "occupation": "Belum/tidak bekerja", "father_name": "Sutrisno",
       "mother_name": "Siti Aminah"}


@transaction.atomic
def seed_demo_family(accounts: list[dict]) -> Iterable[str]:
    people = {}
    for key, data in (("husband", HUSBAND), ("wife", WIFE), ("son", SON)):
        person, _created = Person.objects.get_or_create(nik=data["nik"], defaults=data)
        people[key] = person
    if people["son"].mother_id is None:
        people["son"].mother, people["son"].father = people["wife"], people["husband"]
        people["son"].save(update_fields=["mother", "father"])
    membership = Membership.objects.filter(person=people["husband"], is_active=True).select_related("family_card").first()
    if membership is None:
        card = family_card_create(head=people["husband"], by=None,
                                  members=[(people["wife"], Relationship.WIFE), (people["son"], Relationship.CHILD)],
                                  address=CardAddress("Jl. Raya Gubeng No. 12", "3", "5", VILLAGE, "60281"))
    else:
        card = membership.family_card
    assert isinstance(card, FamilyCard)
    return [f"family card {card.kk_masked} (v{card.current_version}) in Gubeng, Surabaya: Sutrisno (warga2), "
            f"Siti Aminah (warga), Rafi Pratama — /kependudukan/kk-saya/"]


def seed_demo_identities(accounts: list[dict]) -> Iterable[str]:
    """Identity levels of the demo citizens, through the real services (idempotent): ``warga2``
    (Sutrisno) matched with his KK; ``warga`` (Siti Aminah) matched, then verified in person by
    the demo officer ``petugas``, who saw her KTP-el at the Surabaya Dispendukcapil."""
    from balai.accounts.identity_services import identity_match, identity_verify_in_person
    from balai.accounts.models import IdentityLevel, User

    husband = Person.objects.filter(nik=HUSBAND["nik"]).first()
    membership = Membership.objects.filter(person=husband, is_active=True).select_related("family_card").first()
    if membership is None:
        return []
    kk_number = membership.family_card.kk_number
    officer = User.objects.filter(username="petugas").first()
    out = []
    for username, data, verify in (("warga2", HUSBAND, False), ("warga", WIFE, True)):
        user = User.objects.filter(username=username).select_related("citizen").first()
        if user is None or not hasattr(user, "citizen") or user.citizen.nik != data["nik"]:
            continue
        profile = user.citizen
        name, born = str(data["full_name"]), data["birth_date"]
        assert isinstance(born, dt.date)
        if profile.identity_level == IdentityLevel.CLAIMED and profile.nik_released_at is None:
            identity_match(user=user, full_name=name, birth_date=born, kk_number=kk_number)
            profile.refresh_from_db()
        if verify and officer is not None and profile.identity_level == IdentityLevel.MATCHED:
            identity_verify_in_person(staff=officer, profile=profile, nik_on_card=profile.nik, full_name=name,
                                      birth_date=born, note="demo: KTP-el dilihat di Dispendukcapil Kota Surabaya")
            profile.refresh_from_db()
        out.append(f"{username}: identity {profile.identity_level} — /akun/identitas/")
    return out

"""The catalogue text of "Kartu Keluarga karena perubahan data" names what the service does since the
name and birth-data corrections were added (``civil.handlers_family.CORRECTION_FIELDS``): corrections
of a member's name, place or date of birth to the birth certificate, which is then the supporting
document.

Rows still holding the seeded text get the new one, in Indonesian and English; text an admin wrote in
a later version is kept."""

from django.db import migrations

SERVICE = "kk-perubahan-data"

DESCRIPTION = (
    "Perubahan pendidikan, pekerjaan, status perkawinan, atau alamat (dalam Jawa Timur). Nomor KK tetap.",
    "Perubahan pendidikan, pekerjaan, status perkawinan, atau alamat (dalam Jawa Timur), atau pembetulan nama, "
    "tempat lahir, atau tanggal lahir sesuai akta kelahiran. Nomor KK tetap.",
)
DESCRIPTION_EN = (
    "A change of education, occupation, marital status or address (within East Java). The KK number "
    "stays the same.",
    "A change of education, occupation, marital status or address (within East Java), or a correction of "
    "a name, place or date of birth to match the birth certificate. The KK number stays the same.",
)
REQUIREMENT = "dokumen-pendukung"
REQUIREMENT_TEXT = (
    "Ijazah, buku nikah, akta cerai, surat keterangan kerja, dan sebagainya.",
    "Ijazah, buku nikah, akta cerai, surat keterangan kerja, akta kelahiran (untuk pembetulan nama atau "
    "data kelahiran), dan sebagainya.",
)
REQUIREMENT_TEXT_EN = (
    "A diploma, marriage book, divorce certificate, employment letter, and so on.",
    "A diploma, marriage book, divorce certificate, employment letter, birth certificate (to correct a "
    "name or birth details), and so on.",
)


def _renew(row, field: str, texts: tuple[str, str], texts_en: tuple[str, str]) -> list[str]:
    if getattr(row, field) != texts[0]:
        return []  # rewritten by an admin: theirs stays
    setattr(row, field, texts[1])
    changed = [field]
    if getattr(row, f"{field}_en") in ("", texts_en[0]):
        setattr(row, f"{field}_en", texts_en[1])
        changed.append(f"{field}_en")
    return changed


def forwards(apps, schema_editor):
    ServiceVersion = apps.get_model("cases", "ServiceVersion")
    Requirement = apps.get_model("cases", "Requirement")
    for version in ServiceVersion.objects.filter(service__code=SERVICE):
        changed = _renew(version, "description", DESCRIPTION, DESCRIPTION_EN)
        if changed:
            version.save(update_fields=changed)
    for requirement in Requirement.objects.filter(service_version__service__code=SERVICE, code=REQUIREMENT):
        changed = _renew(requirement, "description", REQUIREMENT_TEXT, REQUIREMENT_TEXT_EN)
        if changed:
            requirement.save(update_fields=changed)


class Migration(migrations.Migration):
    dependencies = [("civil", "0003_catalogue_english")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]

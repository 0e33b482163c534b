from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    PROVINCE = "province", _("Provinsi")
    REGENCY = "regency", _("Kabupaten/Kota")
    DISTRICT = "district", _("Kecamatan")
    VILLAGE = "village", _("Desa/Kelurahan")


class Region(models.Model):
    """A Kemendagri administrative region (Kepmendagri 300.2.2-2138/2025). Codes are text:
    2 digits province, 4 regency, 6 district, 10 village."""

    code = models.CharField(max_length=10, primary_key=True)
    level = models.CharField(max_length=10, choices=Level.choices, db_index=True)
    name = models.CharField(max_length=100)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="children", db_constraint=True)
    # Villages: desa / kelurahan (from the code); regencies: kabupaten / kota (01–69 / 71–99).
    kind = models.CharField(max_length=12, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("wilayah")
        verbose_name_plural = _("wilayah")

    def __str__(self) -> str:
        return f"{self.dotted} {self.name}"

    @property
    def dotted(self) -> str:
        c = self.code
        parts = [c[:2], c[2:4], c[4:6], c[6:]]
        return ".".join(p for p in parts if p)

    @property
    def regency_code(self) -> str:
        return self.code[:4]

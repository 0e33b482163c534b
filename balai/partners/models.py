"""Partner service points (Samsat OPOP at pesantren, BUMDes), their agents, cash collections,
day closings (setoran), bank statements and the double-entry cash ledger.

Money is integer rupiah (invariant 7). Collections, ledger entries and ledger transfers are
inserted, never changed (invariant 2): a void is a ``VoidRequest`` plus a reversing entry.
The ledger is a list of *transfers*, each moving a positive amount from one account (credit) to
another (debit), so every entry and the whole ledger sum to zero by construction; the database
enforces it with the CHECK constraints below (and, on PostgreSQL, a trigger refusing UPDATE and
DELETE, migration 0002).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from balai.payments.models import AppendOnly


class PointKind(models.TextChoices):
    PESANTREN = "pesantren", _("Pesantren (Samsat OPOP)")
    BUMDES = "bumdes", _("BUMDes")
    OTHER = "other", _("Lainnya")


class PointStatus(models.TextChoices):
    ACTIVE = "active", _("Aktif")
    SUSPENDED = "suspended", _("Dibekukan")


class CommissionKind(models.TextChoices):
    FIXED = "fixed", _("Tetap per transaksi")
    PERCENT = "percent", _("Persentase")


class ServicePoint(models.Model):
    """A partner payment point (REFERENCE §4.2): a cooperative that takes vehicle tax in cash.

    The OPOP fee was never published (§4.2, UNCONFIRMED), so the commission rule is data:
    ``fixed`` = rupiah per transaction, ``percent`` = basis points (1/100 %) of the amount, rounded
    down per transaction; both default to 0.
    """

    code = models.CharField(_("kode"), max_length=20, unique=True)
    name = models.CharField(_("nama"), max_length=150)
    kind = models.CharField(_("jenis"), max_length=12, choices=PointKind.choices, default=PointKind.PESANTREN)
    village = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("desa/kelurahan"), limit_choices_to={"level": "village"})
    regency_code = models.CharField(max_length=4, db_index=True, editable=False)
    address = models.CharField(_("alamat"), max_length=200)
    contact_name = models.CharField(_("narahubung"), max_length=150)
    contact_phone = models.CharField(_("telepon narahubung"), max_length=20)
    samsat_unit = models.CharField(_("unit Samsat pembina"), max_length=150)
    supervisor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="supervised_points", verbose_name=_("supervisor"))
    status = models.CharField(_("status"), max_length=12, choices=PointStatus.choices, default=PointStatus.ACTIVE)
    cash_limit = models.BigIntegerField(_("batas uang tunai"))
    opening_hours = models.CharField(_("jam layanan"), max_length=120, blank=True)
    bank_name = models.CharField(_("bank setoran"), max_length=80)
    bank_account_number = models.CharField(_("nomor rekening setoran"), max_length=40)
    bank_account_name = models.CharField(_("nama rekening setoran"), max_length=150)
    commission_kind = models.CharField(_("jenis komisi"), max_length=10, choices=CommissionKind.choices,
                                       default=CommissionKind.FIXED)
    commission_value = models.BigIntegerField(_("nilai komisi"), default=0,
                                              help_text=_("Rupiah per transaksi, atau basis poin (1/100 %)."))
    created_at = models.DateTimeField()
    suspended_at = models.DateTimeField(null=True, blank=True)
    suspension_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("titik layanan")
        verbose_name_plural = _("titik layanan")
        constraints = [
            models.CheckConstraint(condition=Q(cash_limit__gte=0), name="partners_cash_limit_not_negative"),
            models.CheckConstraint(condition=Q(commission_value__gte=0), name="partners_commission_not_negative"),
            models.CheckConstraint(condition=~Q(commission_kind="percent") | Q(commission_value__lte=10_000),
                                   name="partners_commission_percent_at_most_100"),
        ]

    def __str__(self) -> str:
        return self.name

    def commission_for(self, amount: int) -> int:
        if self.commission_kind == CommissionKind.PERCENT:
            return amount * self.commission_value // 10_000  # rounded down, per transaction
        return self.commission_value


class Agent(models.Model):
    """A cashier account (role ``agent``, TOTP like all staff) tied to one service point."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="agent")
    point = models.ForeignKey(ServicePoint, on_delete=models.PROTECT, related_name="agents")
    status = models.CharField(_("status"), max_length=12, choices=PointStatus.choices, default=PointStatus.ACTIVE)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    suspended_at = models.DateTimeField(null=True, blank=True)
    suspended_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    suspension_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("agen")
        verbose_name_plural = _("agen")

    def __str__(self) -> str:
        return f"{self.user.full_name} ({self.point})"


# --- ledger --------------------------------------------------------------------------------------

class AccountKind(models.TextChoices):
    AGENT_CASH = "agent_cash", _("Kas agen")
    POINT_CASH = "point_cash", _("Kas titik layanan (menunggu setor)")
    BANK_CLEARING = "bank_clearing", _("Kliring bank")
    BENEFICIARY = "beneficiary", _("Penerima dana")
    AGENT_RECEIVABLE = "agent_receivable", _("Piutang agen (kekurangan setor)")
    POINT_ADJUSTMENT = "point_adjustment", _("Penyesuaian titik layanan")


class LedgerAccount(models.Model):
    code = models.CharField(max_length=60, unique=True)
    kind = models.CharField(max_length=20, choices=AccountKind.choices)
    name = models.CharField(max_length=200)
    point = models.ForeignKey(ServicePoint, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    agent = models.ForeignKey(Agent, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    beneficiary = models.ForeignKey("payments.Beneficiary", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")

    class Meta:
        ordering = ["code"]
        verbose_name = _("akun buku besar")
        verbose_name_plural = _("akun buku besar")

    def __str__(self) -> str:
        return self.name


class EntryKind(models.TextChoices):
    COLLECTION = "collection", _("Penerimaan tunai")
    VOID = "void", _("Pembatalan")
    CLOSING = "closing", _("Tutup hari")
    DEPOSIT = "deposit", _("Setoran ke bank")
    STATEMENT = "statement", _("Koreksi menurut rekening koran")
    RESOLUTION = "resolution", _("Penyelesaian selisih")
    SETTLEMENT = "settlement", _("Pelimpahan ke penerima dana")


class LedgerEntry(AppendOnly):
    kind = models.CharField(max_length=16, choices=EntryKind.choices)
    point = models.ForeignKey(ServicePoint, on_delete=models.PROTECT, related_name="ledger_entries")
    memo = models.CharField(max_length=300, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+")
    collection = models.ForeignKey("Collection", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    closing = models.ForeignKey("DayClosing", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.created_at:%Y-%m-%d %H:%M}"


class LedgerTransfer(AppendOnly):
    """``amount`` moves from ``credit`` to ``debit``: one line each side, equal by construction."""

    entry = models.ForeignKey(LedgerEntry, on_delete=models.PROTECT, related_name="transfers")
    debit = models.ForeignKey(LedgerAccount, on_delete=models.PROTECT, related_name="debits")
    credit = models.ForeignKey(LedgerAccount, on_delete=models.PROTECT, related_name="credits")
    amount = models.BigIntegerField()

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="partners_transfer_amount_positive"),
            models.CheckConstraint(condition=~Q(debit=F("credit")), name="partners_transfer_two_accounts"),
        ]

    def __str__(self) -> str:
        return f"{self.credit_id}→{self.debit_id} {self.amount}"


# --- collections and voids -----------------------------------------------------------------------

class Collection(AppendOnly):
    """Cash an agent took for a bill; posted through ``payments.payment_post`` (channel ``agent_cash``)."""

    point = models.ForeignKey(ServicePoint, on_delete=models.PROTECT, related_name="collections")
    agent = models.ForeignKey(Agent, on_delete=models.PROTECT, related_name="collections")
    bill = models.ForeignKey("payments.Bill", on_delete=models.PROTECT, related_name="+")
    payment = models.OneToOneField("payments.Payment", on_delete=models.PROTECT, related_name="collection")
    amount = models.BigIntegerField(_("jumlah"))
    commission = models.BigIntegerField(_("komisi"), default=0)
    idempotency_key = models.CharField(max_length=255)
    collected_at = models.DateTimeField(_("waktu terima"))

    class Meta:
        ordering = ["-id"]
        verbose_name = _("penerimaan tunai")
        verbose_name_plural = _("penerimaan tunai")
        constraints = [
            models.UniqueConstraint(fields=["agent", "idempotency_key"], name="partners_collection_key_unique"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="partners_collection_amount_positive"),
        ]
        indexes = [models.Index(fields=["point", "collected_at"])]

    def __str__(self) -> str:
        return f"{self.bill_id} {self.amount}"


class VoidStatus(models.TextChoices):
    PENDING = "pending", _("Menunggu persetujuan")
    APPROVED = "approved", _("Disetujui")
    REJECTED = "rejected", _("Ditolak")


class VoidRequest(models.Model):
    """A same-day void: asked by the agent, decided by a supervisor; both give a reason."""

    collection = models.OneToOneField(Collection, on_delete=models.PROTECT, related_name="void")
    status = models.CharField(max_length=10, choices=VoidStatus.choices, default=VoidStatus.PENDING)
    reason = models.CharField(_("alasan"), max_length=300)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField()
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField(max_length=300, blank=True)

    def __str__(self) -> str:
        return f"void {self.collection_id} {self.status}"


# --- day closing and bank statements -------------------------------------------------------------

class ClosingStatus(models.TextChoices):
    NEW = "new", _("Baru")
    DEPOSITED = "deposited", _("Sudah disetor")
    RECONCILED = "reconciled", _("Cocok")
    DISCREPANCY = "discrepancy", _("Selisih")


class ResolutionKind(models.TextChoices):
    AGENT_SHORTAGE = "agent_shortage", _("Kekurangan dibebankan ke agen")
    BANK_ERROR = "bank_error", _("Kesalahan bank")
    POINT_ABSORBS = "point_absorbs", _("Ditanggung titik layanan")


class DayClosing(models.Model):
    """One agent's setoran: collections ``(after_collection_id, upto_collection_id]`` of that agent.

    ``expected`` = their amount less approved voids, fixed when the day is closed; the agent
    then declares the deposit; the supervisor reconciles it against the bank statement.
    """

    number = models.CharField(_("nomor setoran"), max_length=30, unique=True)
    point = models.ForeignKey(ServicePoint, on_delete=models.PROTECT, related_name="closings")
    agent = models.ForeignKey(Agent, on_delete=models.PROTECT, related_name="closings")
    status = models.CharField(_("status"), max_length=12, choices=ClosingStatus.choices, default=ClosingStatus.NEW)
    after_collection_id = models.BigIntegerField(default=0)
    upto_collection_id = models.BigIntegerField(default=0)
    collections_count = models.PositiveIntegerField(default=0)
    collections_amount = models.BigIntegerField(default=0)
    voids_count = models.PositiveIntegerField(default=0)
    voids_amount = models.BigIntegerField(default=0)
    expected = models.BigIntegerField(_("seharusnya disetor"))
    closed_at = models.DateTimeField(_("waktu tutup"))
    declared_amount = models.BigIntegerField(_("jumlah disetor"), null=True, blank=True)
    bank_reference = models.CharField(_("referensi bank"), max_length=60, blank=True)
    deposit_date = models.DateField(_("tanggal setor"), null=True, blank=True)
    slip = models.FileField(_("foto slip setoran"), upload_to="partners/slips/%Y/%m/", blank=True)
    declared_at = models.DateTimeField(null=True, blank=True)
    bank_amount = models.BigIntegerField(_("jumlah menurut bank"), null=True, blank=True)
    reconciled_at = models.DateTimeField(null=True, blank=True)
    reconciled_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="+")
    resolution_kind = models.CharField(_("penyelesaian"), max_length=20, choices=ResolutionKind.choices, blank=True)
    resolution_note = models.CharField(_("catatan penyelesaian"), max_length=300, blank=True)

    class Meta:
        ordering = ["-closed_at", "-id"]
        verbose_name = _("setoran")
        verbose_name_plural = _("setoran")
        constraints = [
            models.UniqueConstraint(fields=["point", "bank_reference"], condition=~Q(bank_reference=""),
                                    name="partners_closing_bank_reference_unique"),
            models.CheckConstraint(condition=Q(expected__gte=0), name="partners_closing_expected_not_negative"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def difference(self) -> int | None:
        """What reached the bank (or was declared, before the statement) less what was expected."""
        got = self.bank_amount if self.bank_amount is not None else self.declared_amount
        return None if got is None else got - self.expected


# What each closing event is called on the pages (services.closing writes the kinds).
CLOSING_EVENT_LABELS = {
    "closing.closed": _("Hari ditutup"),
    "closing.deposited": _("Setoran ke bank dicatat"),
    "closing.discrepancy": _("Setoran dicatat, berbeda dari yang seharusnya"),
    "closing.statement_reconciled": _("Cocok dengan rekening koran"),
    "closing.statement_discrepancy": _("Rekening koran menunjukkan selisih"),
    "closing.resolved": _("Selisih diselesaikan supervisor"),
}


class ClosingEvent(AppendOnly):
    closing = models.ForeignKey(DayClosing, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=40)
    reason = models.CharField(max_length=300, blank=True)
    data = models.JSONField(default=dict, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.kind

    @property
    def label(self) -> str:
        """The event in words (never its code)."""
        return str(CLOSING_EVENT_LABELS.get(self.kind, _("Catatan lain")))


class BankStatement(models.Model):
    file_name = models.CharField(max_length=200)
    sha256 = models.CharField(max_length=64, unique=True)
    imported_at = models.DateTimeField()
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    counts = models.JSONField(default=dict)

    class Meta:
        ordering = ["-imported_at"]

    def __str__(self) -> str:
        return self.file_name


class StatementLine(models.Model):
    statement = models.ForeignKey(BankStatement, on_delete=models.PROTECT, related_name="lines")
    line_no = models.PositiveIntegerField()
    date = models.DateField()
    reference = models.CharField(max_length=60)
    amount = models.BigIntegerField()
    closing = models.ForeignKey(DayClosing, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="statement_lines")

    class Meta:
        ordering = ["statement", "line_no"]

    def __str__(self) -> str:
        return f"{self.reference} {self.amount}"

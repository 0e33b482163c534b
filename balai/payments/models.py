"""Bills, their lines and beneficiaries, payments with allocations, and the append-only timeline.

Money is integer rupiah (``BigIntegerField``) everywhere (invariant 7). A bill's lines and total
are written once at issue; a payment is never edited: corrections are ``BillEvent`` rows with a
reason (invariant 2).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .states import AttemptStatus, BillStatus, PaymentStatus


class BeneficiaryKind(models.TextChoices):
    PROVINCE_TREASURY = "rkud_province", _("RKUD Provinsi")
    REGENCY_TREASURY = "rkud_regency", _("RKUD Kabupaten/Kota")
    JASA_RAHARJA = "jasa_raharja", _("PT Jasa Raharja")
    STATE_TREASURY = "kas_negara", _("Kas Negara")


class Beneficiary(models.Model):
    """An account that owns bill lines (REFERENCE §3.3 split payment, §4.5): the provincial
    treasury (PKB, BBNKB, sanctions), each regency's treasury (opsen), Jasa Raharja (SWDKLLJ)
    and the state treasury (PNBP)."""

    code = models.CharField(_("kode"), max_length=20, unique=True)
    kind = models.CharField(_("jenis"), max_length=20, choices=BeneficiaryKind.choices)
    name = models.CharField(_("nama"), max_length=150)
    regency_code = models.CharField(_("kode kabupaten/kota"), max_length=4, blank=True)
    bank_name = models.CharField(_("bank"), max_length=80, blank=True)
    account_number = models.CharField(_("nomor rekening"), max_length=40, blank=True)
    active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("penerima dana")
        verbose_name_plural = _("penerima dana")
        constraints = [
            models.UniqueConstraint(fields=["regency_code"], condition=Q(kind="rkud_regency"),
                                    name="payments_one_treasury_per_regency"),
        ]

    def __str__(self) -> str:
        return self.name


class Bill(models.Model):
    payment_code = models.CharField(_("kode bayar"), max_length=20)
    kind = models.CharField(_("jenis tagihan"), max_length=40)
    subject_type = models.CharField(max_length=40)
    subject_id = models.CharField(max_length=64)
    period = models.CharField(_("periode"), max_length=20, blank=True)
    description = models.CharField(_("uraian"), max_length=200)
    payer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="bills")
    payer_name = models.CharField(_("nama wajib bayar"), max_length=150)
    # The regency whose staff may see the bill (scope, invariant 5); also the opsen owner.
    regency_code = models.CharField(max_length=4, blank=True)
    total = models.BigIntegerField(_("jumlah"))
    status = models.CharField(_("status"), max_length=12, choices=BillStatus.choices, default=BillStatus.OPEN)
    issued_at = models.DateTimeField(_("diterbitkan"))
    expires_at = models.DateTimeField(_("berlaku sampai"))
    closed_at = models.DateTimeField(null=True, blank=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+", db_index=False)

    class Meta:
        verbose_name = _("tagihan")
        verbose_name_plural = _("tagihan")
        # Indexes cost every insert (an annual run writes a million bills): each one here is read
        # by a query; unique codes are constraints, not ``unique=True``, so PostgreSQL gets no
        # second ``varchar_pattern_ops`` index for LIKE queries nobody makes; foreign keys that
        # are mostly NULL are indexed only where set (the delete check of a user still finds them).
        constraints = [models.CheckConstraint(condition=Q(total__gt=0), name="payments_bill_total_positive"),
                       models.UniqueConstraint(fields=["payment_code"], name="payments_bill_code_unique")]
        indexes = [models.Index(fields=["subject_type", "subject_id"]),
                   models.Index(fields=["status", "expires_at"]),
                   models.Index(fields=["regency_code"], name="payments_bill_regency_idx"),
                   models.Index(fields=["issued_by"], condition=Q(issued_by__isnull=False),
                                name="payments_bill_issued_by_idx")]

    def __str__(self) -> str:
        return f"{self.payment_code} {self.description}"


class BillLine(models.Model):
    # No single-column index on ``bill``: the unique (bill, position) serves every lookup. None on
    # ``beneficiary`` either: the few treasuries are never deleted, and collections per
    # beneficiary are read from allocations.
    bill = models.ForeignKey(Bill, on_delete=models.PROTECT, related_name="lines", db_index=False)
    position = models.PositiveSmallIntegerField()
    tax_head = models.CharField(_("kode pos pendapatan"), max_length=30)
    label = models.CharField(_("uraian"), max_length=150)
    amount = models.BigIntegerField(_("jumlah"))
    beneficiary = models.ForeignKey(Beneficiary, on_delete=models.PROTECT, related_name="+", db_index=False)

    class Meta:
        ordering = ["bill", "position"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payments_line_amount_positive"),
            models.UniqueConstraint(fields=["bill", "position"], name="payments_line_position_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.label} {self.amount}"


class PaymentAttempt(models.Model):
    """A payment started at a gateway (a VA number or QRIS payload handed to the payer). Its
    status is the gateway's word; only a verified notification or a status query posts money."""

    bill = models.ForeignKey(Bill, on_delete=models.PROTECT, related_name="attempts")
    gateway = models.CharField(max_length=40)
    method = models.CharField(max_length=20)
    gateway_ref = models.CharField(max_length=100)
    status = models.CharField(max_length=12, choices=AttemptStatus.choices, default=AttemptStatus.PENDING)
    instructions = models.JSONField(default=dict)
    created_at = models.DateTimeField()
    last_checked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["gateway", "gateway_ref"], name="payments_attempt_ref_unique")]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.gateway}:{self.gateway_ref}"


class Payment(models.Model):
    """Money that arrived for a bill, once per (channel, external reference)."""

    bill = models.ForeignKey(Bill, on_delete=models.PROTECT, related_name="payments")
    channel = models.CharField(_("kanal"), max_length=40)
    external_ref = models.CharField(_("referensi kanal"), max_length=100)
    amount = models.BigIntegerField(_("jumlah"))
    status = models.CharField(max_length=16, choices=PaymentStatus.choices)
    reason = models.CharField(max_length=40, blank=True)
    paid_at = models.DateTimeField(_("waktu bayar"))
    received_at = models.DateTimeField()
    receipt_number = models.CharField(_("nomor kuitansi"), max_length=20, null=True, blank=True)  # noqa: DJ001 - NULL until issued; unique when set
    attempt = models.ForeignKey(PaymentAttempt, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="payments", db_index=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+", db_index=False)
    # The receipt is queued in balai.core.outbox by the posting, in its own write batch (receipts.py).

    class Meta:
        verbose_name = _("pembayaran")
        verbose_name_plural = _("pembayaran")
        constraints = [
            models.UniqueConstraint(fields=["channel", "external_ref"], name="payments_channel_ref_unique"),
            # The last line of defence of invariant 3: one posted payment per bill.
            models.UniqueConstraint(fields=["bill"], condition=Q(status="posted"),
                                    name="payments_one_posted_per_bill"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="payments_amount_not_negative"),
            models.UniqueConstraint(fields=["receipt_number"], name="payments_receipt_number_unique"),
        ]
        # Reports (status, paid_at), settlement files (channel, paid_at); the nullable foreign
        # keys only where set (see Bill.Meta).
        indexes = [models.Index(fields=["status", "paid_at"]), models.Index(fields=["channel", "paid_at"]),
                   models.Index(fields=["attempt"], condition=Q(attempt__isnull=False),
                                name="payments_payment_attempt_idx"),
                   models.Index(fields=["recorded_by"], condition=Q(recorded_by__isnull=False),
                                name="payments_payment_recorder_idx")]

    def __str__(self) -> str:
        return f"{self.channel}:{self.external_ref}"


class Allocation(models.Model):
    """The share of a posted payment that belongs to one beneficiary for one tax head."""

    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="allocations")
    # Not indexed alone: reports reach allocations through the payment (see BillLine).
    beneficiary = models.ForeignKey(Beneficiary, on_delete=models.PROTECT, related_name="+", db_index=False)
    tax_head = models.CharField(max_length=30)
    amount = models.BigIntegerField()

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(amount__gte=0), name="payments_allocation_not_negative")]

    def __str__(self) -> str:
        return f"{self.tax_head} {self.amount}"


class Receipt(models.Model):
    """The signed receipt document of a posted payment; one per payment (a retry never issues two)."""

    payment = models.OneToOneField(Payment, on_delete=models.PROTECT, related_name="receipt")
    document_id = models.CharField(max_length=64)
    verify_url = models.CharField(max_length=300)
    download_path = models.CharField(max_length=300)
    issued_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"receipt {self.document_id}"


class AppendOnly(models.Model):
    """Rows that are inserted and never changed (invariant 2)."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError(f"{type(self).__name__} is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError(f"{type(self).__name__} is append-only")


class BillEvent(AppendOnly):
    """The bill's timeline: issue, payment attempts, postings, refusals, corrections."""

    bill = models.ForeignKey(Bill, on_delete=models.PROTECT, related_name="events")
    payment = models.ForeignKey(Payment, null=True, blank=True, on_delete=models.PROTECT, related_name="events",
                                db_index=False)
    kind = models.CharField(max_length=40)
    reason = models.CharField(max_length=300, blank=True)
    data = models.JSONField(default=dict, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+", db_index=False)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["id"]
        # The timeline is read per bill; payment and actor are mostly NULL (see Bill.Meta).
        indexes = [models.Index(fields=["payment"], condition=Q(payment__isnull=False),
                                name="payments_event_payment_idx"),
                   models.Index(fields=["actor"], condition=Q(actor__isnull=False), name="payments_event_actor_idx")]

    def __str__(self) -> str:
        return f"{self.kind} {self.created_at:%Y-%m-%d %H:%M}"


class WebhookNotification(models.Model):
    """One gateway notification (by its event id) and the response it got, so a redelivery gets
    the same answer without touching money again."""

    gateway = models.CharField(max_length=40)
    event_id = models.CharField(max_length=100)
    received_at = models.DateTimeField()
    payload = models.JSONField(default=dict)
    response = models.JSONField(default=dict)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["gateway", "event_id"], name="payments_webhook_event_unique")]

    def __str__(self) -> str:
        return f"{self.gateway}:{self.event_id}"


class WebhookDelivery(models.Model):
    """Signatures seen inside the freshness window: the same signed request twice is a replay.
    Rows older than the window are useless (the timestamp check rejects them) and are purged."""

    gateway = models.CharField(max_length=40)
    signature = models.CharField(max_length=128)
    received_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["gateway", "signature"], name="payments_delivery_unique")]

    def __str__(self) -> str:
        return f"{self.gateway}:{self.signature[:12]}"


class IdempotencyRecord(models.Model):
    """``Idempotency-Key`` of a mutating API call and the stored response (kept 24 h)."""

    scope = models.CharField(max_length=60)
    principal = models.CharField(max_length=60)
    key = models.CharField(max_length=255)
    request_hash = models.CharField(max_length=64)
    done = models.BooleanField(default=False)
    response_status = models.PositiveSmallIntegerField(null=True)
    response_body = models.JSONField(null=True)
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["scope", "principal", "key"], name="payments_idem_unique")]

    def __str__(self) -> str:
        return f"{self.scope}:{self.key}"


class TaskKind(models.TextChoices):
    REFUND = "refund", _("Pengembalian dana")
    AMOUNT_MISMATCH = "amount_mismatch", _("Jumlah tidak sesuai")
    UNKNOWN_BILL = "unknown_bill", _("Tagihan tidak dikenal")
    SETTLEMENT = "settlement", _("Selisih rekonsiliasi")


class ReviewTask(models.Model):
    """Work for a supervisor: refunds, mismatches and settlement differences (dual control)."""

    kind = models.CharField(max_length=20, choices=TaskKind.choices)
    bill = models.ForeignKey(Bill, null=True, blank=True, on_delete=models.PROTECT, related_name="tasks")
    payment = models.ForeignKey(Payment, null=True, blank=True, on_delete=models.PROTECT, related_name="tasks")
    summary = models.CharField(max_length=300)
    data = models.JSONField(default=dict, blank=True)
    regency_code = models.CharField(max_length=4, blank=True)
    created_at = models.DateTimeField()
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    resolution = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("tugas supervisor")
        verbose_name_plural = _("tugas supervisor")

    def __str__(self) -> str:
        return self.summary


class SettlementOutcome(models.TextChoices):
    MATCHED = "matched", _("Cocok")
    MISSING_IN_BALAI = "missing_in_balai", _("Tidak ada di Balai")
    MISSING_AT_BANK = "missing_at_bank", _("Tidak ada di bank")
    AMOUNT_DIFFERS = "amount_differs", _("Jumlah berbeda")


class SettlementImport(models.Model):
    channel = models.CharField(max_length=40)
    file_name = models.CharField(max_length=200)
    sha256 = models.CharField(max_length=64)
    imported_at = models.DateTimeField()
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    counts = models.JSONField(default=dict)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["channel", "sha256"], name="payments_settlement_file_unique")]

    def __str__(self) -> str:
        return f"{self.channel} {self.file_name}"


class SettlementLine(models.Model):
    settlement = models.ForeignKey(SettlementImport, on_delete=models.PROTECT, related_name="lines")
    line_no = models.PositiveIntegerField(null=True)
    date = models.DateField()
    reference = models.CharField(max_length=100)
    amount = models.BigIntegerField(null=True)
    balai_amount = models.BigIntegerField(null=True)
    outcome = models.CharField(max_length=20, choices=SettlementOutcome.choices)
    payment = models.ForeignKey(Payment, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:
        return f"{self.reference} {self.outcome}"


from .snap.models import SnapExternalId, SnapPartner, SnapPaymentFlag  # noqa: E402, F401 - SNAP banks (payments.snap)

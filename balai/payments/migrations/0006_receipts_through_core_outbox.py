# Receipts go through balai.core.outbox (receipts.py): payments still marked receipt_pending get
# their outbox row before the mark goes, so no receipt is lost by the change.

from django.db import migrations
from django.utils import timezone

RECEIPT_TASK = "balai.payments.tasks.issue_receipt"


def queue_pending_receipts(apps, schema_editor):
    Payment = apps.get_model("payments", "Payment")
    OutboxTask = apps.get_model("core", "OutboxTask")
    now = timezone.now()
    pending = Payment.objects.filter(receipt_pending=True).values_list("channel", "external_ref").order_by("id")
    OutboxTask.objects.bulk_create(
        [OutboxTask(task=RECEIPT_TASK, kwargs={"channel": channel, "external_ref": ref}, created_at=now,
                    available_at=now) for channel, ref in pending.iterator()], batch_size=1000)


def mark_queued_receipts(apps, schema_editor):
    Payment = apps.get_model("payments", "Payment")
    OutboxTask = apps.get_model("core", "OutboxTask")
    for row in OutboxTask.objects.filter(task=RECEIPT_TASK).iterator():
        Payment.objects.filter(channel=row.kwargs.get("channel"), external_ref=row.kwargs.get("external_ref")).update(
            receipt_pending=True)


class Migration(migrations.Migration):

    dependencies = [
        ('payments', '0005_receipt_outbox'),
        ('core', '0004_outbox'),
    ]

    operations = [
        migrations.RunPython(queue_pending_receipts, mark_queued_receipts),
        migrations.RemoveIndex(
            model_name='payment',
            name='payments_receipt_pending_idx',
        ),
        migrations.RemoveField(
            model_name='payment',
            name='receipt_pending',
        ),
    ]

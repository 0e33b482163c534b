"""``balai sandbox_gateway``: serve the sandbox bank on 127.0.0.1 and deliver its webhooks."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from balai.payments.sandbox import SandboxBank, demo_mode
from balai.payments.sandbox.bank import Dispatcher
from balai.payments.sandbox.server import serve


class Command(BaseCommand):
    help = "Run the sandbox payment gateway (VA/QRIS bank double) on 127.0.0.1."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8765)
        parser.add_argument("--webhook-url", default=settings.PAYMENTS_SANDBOX["WEBHOOK_URL"],
                            help="where notifications are POSTed (Balai's /api/payments/webhooks/sandbox/)")
        parser.add_argument("--db", default=settings.PAYMENTS_SANDBOX["DB"])
        parser.add_argument("--protocol", choices=("webhook", "snap"), default="webhook",
                            help="webhook: the VA/QRIS double that sends signed webhooks; snap: a bank that "
                                 "collects bills over SNAP (token, inquiry, payment flag, retry, status)")

    def handle(self, *args, port: int, webhook_url: str, db: str, protocol: str = "webhook", **options):
        if not demo_mode():
            # It pays any payment code anyone asks it to: never beside a real installation.
            raise CommandError("the sandbox bank runs only in demo mode: set BALAI_DEMO=1 (never with "
                               "BALAI_PRODUCTION=1; give it its own settings, as .ci/production_journeys.py does)")
        if protocol == "snap":
            from balai.payments.snap.sandbox import run

            run(self.stdout, port=None if port == 8765 else port)
            return
        base = f"http://127.0.0.1:{port}"
        secret = str(settings.PAYMENTS_SANDBOX["SECRET"])
        bank = SandboxBank(db_path=db, secret=secret, webhook_url=webhook_url,
                           base_url=base)
        dispatcher = Dispatcher(bank)
        dispatcher.start()
        server = serve(bank, host="127.0.0.1", port=port)  # loopback only: it is a test double
        self.stdout.write(f"Sandbox gateway on {base}/ — webhooks to {webhook_url} (Ctrl-C stops it)")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            dispatcher.stop()
            server.server_close()

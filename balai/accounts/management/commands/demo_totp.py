import base64
import json
import time

from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import totp

from .seed_demo import demo_file


class Command(BaseCommand):
    help = "Print the current TOTP code of a demo staff account (demo installations only)."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username: str, **options):
        path = demo_file()
        accounts = {a["username"]: a for a in json.loads(path.read_text())} if path.exists() else {}
        secret = accounts.get(username, {}).get("totp_secret")
        if not secret:
            raise CommandError(f"{username} is not a demo staff account of this installation")
        code = totp(base64.b32decode(secret), step=30, t0=0, digits=6)
        self.stdout.write(f"{code:06d}  (valid for {30 - int(time.time()) % 30} s)")

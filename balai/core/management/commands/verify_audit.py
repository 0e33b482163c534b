from django.core.management.base import BaseCommand, CommandError

from balai.core.audit import verify_chain
from balai.core.progress import progress


class Command(BaseCommand):
    help = "Verify every hash chain of the audit log; exit non-zero at the first broken entry."

    def handle(self, *args, **options):
        from balai.core.models import AuditChain

        total_entries, chains, broken = 0, 0, []
        with progress(total=AuditChain.objects.count(), description="verify_audit",
                      enabled=options["verbosity"] > 0) as advance:
            for _stream, checked, problem in verify_chain():
                chains += 1
                total_entries += checked
                if problem:
                    broken.append(problem)
                advance(1)
        if broken:
            first = broken[0]
            raise CommandError(
                f"audit chain broken: stream {first.stream} entry #{first.seq}"
                f"{f' (id {first.entry_id})' if first.entry_id else ''}: {first.reason}; "
                f"{len(broken)} of {chains} chains broken"
            )
        self.stdout.write(f"audit log intact: {chains} chains, {total_entries} entries")

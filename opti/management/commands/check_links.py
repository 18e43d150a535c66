from concurrent.futures import ThreadPoolExecutor

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from opti.linkcheck import Checker, HostPace, links_in_content
from opti.models import LinkCheck


class Command(BaseCommand):
    help = (
        "Check every external link in the site's content (IGS websites, sources, links in texts) and store the "
        "result per link; the admin lists the links that failed. A few requests at a time, at most one per host per "
        "second, each with a timeout. Safe to run daily."
    )

    def add_arguments(self, parser):
        parser.add_argument("--workers", type=int, default=4, help="requests at a time (default 4)")
        parser.add_argument("--timeout", type=float, default=10, help="seconds to wait for an answer (default 10)")
        parser.add_argument(
            "--include-private",
            action="store_true",
            help="also check links to private and loopback addresses (to test against a local server)",
        )

    def handle(self, *args, workers, timeout, include_private, **options):
        found = links_in_content()
        checker = Checker(timeout=timeout, pace=HostPace(), include_private=include_private)
        with ThreadPoolExecutor(max_workers=workers) as pool:
            results = list(pool.map(checker.check, sorted(found)))
        now = timezone.now()
        with transaction.atomic():
            LinkCheck.objects.exclude(url__in=found).delete()
            for result in results:
                LinkCheck.objects.update_or_create(
                    url=result.url,
                    defaults={
                        "found_in": "\n".join(found[result.url]),
                        "ok": result.ok,
                        "status": result.status,
                        "error": result.error,
                        "checked_at": now,
                    },
                )
        failed = sum(not result.ok for result in results)
        if options["verbosity"]:
            self.stdout.write(f"{len(results)} link(s) gecontroleerd, {failed} werkt/werken niet.")

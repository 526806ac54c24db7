from datetime import date

from django.core.management.base import BaseCommand

from claims import services


class Command(BaseCommand):
    help = "Flag absences without cover whose waiting period is reached and notify the responsible users (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--day", type=date.fromisoformat, help="Treat this day (YYYY-MM-DD) as today.")

    def handle(self, *args, day=None, **options):
        flagged = services.absences_flag_due(day=day)
        self.stdout.write(f"{flagged} absence(s) flagged.")

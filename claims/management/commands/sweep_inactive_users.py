from django.core.management.base import BaseCommand

from claims import services


class Command(BaseCommand):
    help = (
        "E-mail each customer administrator (and location administrator) the users without a login "
        "for six months, once per quarter."
    )

    def handle(self, *args, **options):
        sent = services.inactive_users_sweep()
        self.stdout.write(f"{sent} e-mail(s) sent.")

from django.dispatch import receiver

from benefits import services
from hrsuite.signals import employment_ended


@receiver(employment_ended, dispatch_uid="benefits_end_links_with_employment")
def end_links_with_employment(sender, *, employee, end_date, actor=None, **kwargs):
    """Ending an employment ends the employee's benefit links on the same date."""
    services.employee_links_end(employee=employee, end_date=end_date, actor=actor)

"""Events the core announces to the domain apps.

The core must not import the domain apps, yet ending an employment has to end, for example,
that employee's benefit links on the same date. Apps connect a receiver in their
AppConfig.ready(); the receiver runs inside the same transaction as the core's change.
"""

from django.dispatch import Signal

# Sent with: employee (Employee), end_date (date), actor (User).
employment_ended = Signal()

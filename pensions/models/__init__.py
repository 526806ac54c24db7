"""The pension fund's models, split by process.

members: memberships and salary reports (the customer and member data process).
premiums: premium rates, premiums, invoices, payments and settlements.
pensioning: G table, scheme rules, retirement cases and payouts.
"""

from .members import *  # noqa: F403
from .pensioning import *  # noqa: F403
from .premiums import *  # noqa: F403

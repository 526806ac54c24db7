"""The access matrix: every URL pattern, requested by every kind of person who must not get in.

Each app lists its URL patterns in tests/<app>/url_cases.py as CASES. A case names the URL,
builds its kwargs inside the *owner's* organization (creating objects as needed), says which
right the view demands, and which HTTP method to use. tests/test_access_matrix.py then asserts:
- an outsider (HR admin of another organization) gets 404, as if the object did not exist;
- an employee with a self-service login but no company access gets 404;
- a member of the organization without the right gets 403;
and a meta-test fails when a URL pattern has no case.
"""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Case:
    name: str  # URL name, with namespace ("benefits:insurance_detail")
    kwargs: Callable = field(default=lambda world: {"org_id": world.organization.id})
    right: str | None = None  # the right the view demands; None when membership suffices
    method: str = "get"
    data: Callable = field(default=lambda world: {})
    # Expected status codes for people outside the organization's scope. Org-scoped URLs
    # answer 404; the few global URLs override these.
    outsider: int = 404
    employee: int = 404
    rightless: int | None = 403  # None: the case is not org-scoped; skip this persona


def org_kwargs(world) -> dict:
    return {"org_id": world.organization.id}


def employee_kwargs(world) -> dict:
    return {"org_id": world.organization.id, "employee_id": world.employee.id}

from benefits.kinds import INSURANCES, OTHER_BENEFITS
from tests.url_matrix import Case, employee_kwargs, org_kwargs

from .factories import InsuranceFactory, InsuranceLinkFactory, OtherBenefitFactory, OtherBenefitLinkFactory

BENEFIT_FACTORIES = {INSURANCES: InsuranceFactory, OTHER_BENEFITS: OtherBenefitFactory}
LINK_FACTORIES = {INSURANCES: InsuranceLinkFactory, OTHER_BENEFITS: OtherBenefitLinkFactory}


def kind_kwargs(kind):
    return lambda world: {**org_kwargs(world), "kind": kind}


def benefit_kwargs(kind):
    def build(world):
        benefit = BENEFIT_FACTORIES[kind](organization=world.organization)
        return {**org_kwargs(world), "kind": kind, "benefit_id": benefit.id}

    return build


def link_kwargs(kind):
    def build(world):
        link = LINK_FACTORIES[kind](benefit__organization=world.organization, employee=world.employee)
        return {**org_kwargs(world), "kind": kind, "link_id": link.id}

    return build


def employee_kind_kwargs(kind):
    return lambda world: {**employee_kwargs(world), "kind": kind}


def link_data(world):
    return {"employees": [world.employee.id], "valid_from": "2024-01-01"}


CASES = [
    Case("benefits:index", org_kwargs, right="benefits.view_insurance"),
    Case("benefits:employee_benefits", employee_kwargs, right="hrsuite.view_employee"),
]
for kind in (INSURANCES, OTHER_BENEFITS):
    CASES += [
        Case("benefits:benefit_list", kind_kwargs(kind), right=kind.right("view")),
        Case("benefits:benefit_create", kind_kwargs(kind), right=kind.right("add")),
        Case("benefits:benefit_detail", benefit_kwargs(kind), right=kind.right("view")),
        Case("benefits:benefit_edit", benefit_kwargs(kind), right=kind.right("change")),
        Case("benefits:benefit_end", benefit_kwargs(kind), right=kind.right("change")),
        Case("benefits:benefit_employees", benefit_kwargs(kind), right=kind.right("view")),
        Case("benefits:benefit_candidates", benefit_kwargs(kind), right=kind.right("change")),
        Case("benefits:benefit_link", benefit_kwargs(kind), right=kind.right("change"), method="post", data=link_data),
        Case("benefits:benefit_history", benefit_kwargs(kind), right=kind.right("view")),
        Case("benefits:benefit_covered", benefit_kwargs(kind), right=kind.right("view")),
        Case("benefits:benefit_covered_csv", benefit_kwargs(kind), right=kind.right("view")),
        Case("benefits:link_end", link_kwargs(kind), right=kind.right("change")),
        Case(
            "benefits:employee_benefit_add",
            employee_kind_kwargs(kind),
            right=kind.right("change"),
            method="post",
            data=lambda w: {"valid_from": "2024-01-01"},
        ),
    ]

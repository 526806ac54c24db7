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


BENEFITS = ("benefits",)
GET_POST = ("get", "post")


def benefit_case(name, kwargs, kind, action, **fields):
    return Case(name, kwargs(kind), right=kind.right(action), modules=BENEFITS, variant=kind.slug, **fields)


CASES = [
    # Redirects to the first kind the member may view: any kind's view right reaches it.
    Case("benefits:index", org_kwargs, companions=("benefits.view_insurance",), modules=BENEFITS),
    # The employee's Benefits tab shows the kinds the member may view: it takes one of them.
    Case(
        "benefits:employee_benefits",
        employee_kwargs,
        right="hrsuite.view_employee",
        companions=("benefits.view_insurance",),
        modules=BENEFITS,
    ),
]
for kind in (INSURANCES, OTHER_BENEFITS):
    CASES += [
        benefit_case("benefits:benefit_list", kind_kwargs, kind, "view"),
        benefit_case("benefits:benefit_create", kind_kwargs, kind, "add", methods=GET_POST),
        benefit_case("benefits:benefit_detail", benefit_kwargs, kind, "view"),
        benefit_case("benefits:benefit_edit", benefit_kwargs, kind, "change", methods=GET_POST),
        benefit_case("benefits:benefit_end", benefit_kwargs, kind, "change", methods=GET_POST),
        benefit_case("benefits:benefit_employees", benefit_kwargs, kind, "view"),
        benefit_case("benefits:benefit_candidates", benefit_kwargs, kind, "change"),
        benefit_case("benefits:benefit_link", benefit_kwargs, kind, "change", methods=("post",), data=link_data),
        benefit_case("benefits:benefit_links_end", benefit_kwargs, kind, "change", methods=("post",)),
        benefit_case("benefits:benefit_history", benefit_kwargs, kind, "view"),
        benefit_case("benefits:benefit_covered", benefit_kwargs, kind, "view"),
        benefit_case("benefits:benefit_covered_csv", benefit_kwargs, kind, "view"),
        benefit_case("benefits:link_end", link_kwargs, kind, "change", methods=GET_POST),
        benefit_case(
            "benefits:employee_benefit_add",
            employee_kind_kwargs,
            kind,
            "change",
            # The form sits on the employee's Benefits tab, answered with the tab itself.
            companions=("hrsuite.view_employee", kind.right("view")),
            methods=("post",),
            data=lambda w: {"valid_from": "2024-01-01"},
        ),
    ]

import datetime
from decimal import Decimal

import factory

from benefits.models import Insurance, InsuranceLink, OtherBenefit, OtherBenefitLink
from tests.factories import EmployeeFactory, OrganizationFactory


class InsuranceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Insurance

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"Group life {n}")
    agreement_number = factory.Sequence(lambda n: f"GL-{1000 + n}")
    contact_person = "Marte Lien"
    helpline = "+47 915 00 200"
    deductible = Decimal("1500.00")
    coverage = "10 G to the bereaved."
    terms_url = "https://example.com/terms.pdf"
    start_date = datetime.date(2020, 1, 1)


class OtherBenefitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OtherBenefit

    organization = factory.SubFactory(OrganizationFactory)
    kind = OtherBenefit.Kind.PHONE
    name = factory.Sequence(lambda n: f"Phone {n}")
    provider = "Telenor"
    monthly_cost = Decimal("399.00")
    taxable = True
    start_date = datetime.date(2020, 1, 1)


class InsuranceLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InsuranceLink

    benefit = factory.SubFactory(InsuranceFactory)
    organization = factory.SelfAttribute("benefit.organization")
    employee = factory.SubFactory(EmployeeFactory, organization=factory.SelfAttribute("..organization"))
    valid_from = datetime.date(2021, 1, 1)


class OtherBenefitLinkFactory(InsuranceLinkFactory):
    class Meta:
        model = OtherBenefitLink

    benefit = factory.SubFactory(OtherBenefitFactory)

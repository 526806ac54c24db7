"""Demo insurances and benefits for the demo organizations, linked to most employees, with a
few ended links so the history screens have something to show. Idempotent."""

import random
from datetime import date, timedelta
from decimal import Decimal

from benefits import services
from benefits.kinds import INSURANCES, OTHER_BENEFITS
from benefits.models import Insurance, OtherBenefit
from hrsuite.models import Employee, Organization
from hrsuite.selectors import users_with_right

# (name, agreement number, contact, helpline, deductible, terms, coverage, description, share of employees)
INSURANCES_BY_COUNTRY = {
    "NO": [
        (
            "Yrkesskadeforsikring",
            "YS-204518",
            "Marte Lien, Fjordsikring",
            "+47 915 00 200",
            "0",
            "https://www.example.com/vilkar/yrkesskade.pdf",
            "Lovpålagt dekning ved yrkesskade og yrkessykdom: behandling, tapt inntekt og menerstatning.",
            "Lovpålagt forsikring for alle ansatte.",
            1.0,
        ),
        (
            "Gruppelivsforsikring",
            "GL-88120",
            "Marte Lien, Fjordsikring",
            "+47 915 00 200",
            "0",
            "https://www.example.com/vilkar/gruppeliv.pdf",
            "Engangsutbetaling til etterlatte på 10 G ved dødsfall.",
            "",
            0.95,
        ),
        (
            "Behandlingsforsikring",
            "BH-551902",
            "Kundeservice Helse",
            "+47 800 33 123 (døgnåpent)",
            "1500",
            "https://www.example.com/vilkar/behandling.pdf",
            "Rask tilgang til spesialist, operasjon, fysioterapi og psykolog innen 10 virkedager.",
            "Helseforsikring betalt av arbeidsgiver (skattepliktig fordel).",
            0.7,
        ),
        (
            "Reiseforsikring (tjenestereiser)",
            "RF-10277",
            "Reisekontoret",
            "+47 22 00 11 00 (SOS, hele verden)",
            "500",
            "https://www.example.com/vilkar/reise.pdf",
            "Reisesyke, bagasje, avbestilling og hjemtransport på tjenestereiser.",
            "",
            0.6,
        ),
        (
            "Uføreforsikring",
            "UF-33410",
            "Marte Lien, Fjordsikring",
            "+47 915 00 200",
            "0",
            "https://www.example.com/vilkar/ufore.pdf",
            "Årlig uførepensjon som supplement til folketrygden ved varig uførhet.",
            "Knyttet til pensjonsordningen.",
            0.9,
        ),
    ],
    "NL": [
        (
            "Collectieve zorgverzekering",
            "ZV-7781",
            "Anne de Wit, Polder Verzekeringen",
            "+31 20 555 0101",
            "385",
            "https://www.example.com/voorwaarden/zorg.pdf",
            "Aanvullende dekking voor fysiotherapie, tandarts en brillen.",
            "Werkgeversbijdrage op de aanvullende verzekering.",
            0.75,
        ),
        (
            "WIA-hiaatverzekering",
            "WIA-20931",
            "Anne de Wit, Polder Verzekeringen",
            "+31 20 555 0101",
            "0",
            "https://www.example.com/voorwaarden/wia.pdf",
            "Vult het inkomen aan bij gedeeltelijke arbeidsongeschiktheid (WGA-hiaat).",
            "",
            1.0,
        ),
        (
            "Ongevallenverzekering",
            "OV-4410",
            "Schadeafdeling",
            "+31 20 555 0199",
            "0",
            "https://www.example.com/voorwaarden/ongeval.pdf",
            "Uitkering bij blijvende invaliditeit of overlijden door een ongeval.",
            "",
            0.9,
        ),
        (
            "Zakenreisverzekering",
            "ZR-1182",
            "Reisbureau",
            "+31 70 314 14 14 (24/7 alarmcentrale)",
            "100",
            "https://www.example.com/voorwaarden/reis.pdf",
            "Medische kosten, bagage en repatriëring op zakenreizen.",
            "",
            0.5,
        ),
    ],
}

# (kind, name, provider, monthly cost, taxable, description, share)
OTHER_BY_COUNTRY = {
    "NO": [
        (OtherBenefit.Kind.PHONE, "Mobilabonnement", "Telenor Bedrift", "399", True, "Fri bruk, 20 GB data.", 0.85),
        (OtherBenefit.Kind.BROADBAND, "Bredbånd hjemme", "Telia", "549", True, "500/500 Mbit fiber.", 0.4),
        (OtherBenefit.Kind.GYM, "Treningssenter", "SATS", "450", True, "Medlemskap på alle sentre.", 0.35),
        (OtherBenefit.Kind.OTHER, "Sykkel til jobb", "Fjordsykkel", "150", False, "Leasingsykkel med service.", 0.15),
    ],
    "NL": [
        (OtherBenefit.Kind.PHONE, "Zakelijk mobiel abonnement", "KPN", "25", False, "Onbeperkt bellen, 20 GB.", 0.8),
        (OtherBenefit.Kind.BROADBAND, "Thuiswerkinternet", "Ziggo", "45", False, "Vergoeding thuiswerken.", 0.5),
        (OtherBenefit.Kind.GYM, "Bedrijfsfitness", "Basic-Fit", "20", False, "Fitness via de werkkostenregeling.", 0.3),
        (OtherBenefit.Kind.OTHER, "Fiets van de zaak", "Lease a Bike", "60", True, "E-bike lease.", 0.25),
    ],
}


def seed_organization(*, organization: Organization, rng: random.Random) -> None:
    if Insurance.objects.filter(organization=organization).exists():
        return
    actor = next(iter(users_with_right(organization=organization, right=INSURANCES.right("change"))), None)
    today = organization.today()
    employees = list(Employee.objects.filter(organization=organization).order_by("number"))
    country = organization.country if organization.country in INSURANCES_BY_COUNTRY else "NO"
    start = date(today.year - 6, 1, 1)
    for index, (name, agreement, contact, helpline, deductible, terms, coverage, text, share) in enumerate(
        INSURANCES_BY_COUNTRY[country]
    ):
        insurance = services.benefit_create(
            benefit_kind=INSURANCES,
            organization=organization,
            actor=actor,
            name=name,
            agreement_number=agreement,
            contact_person=contact,
            helpline=helpline,
            deductible=Decimal(deductible),
            terms_url=terms,
            coverage=coverage,
            description=text,
            start_date=date(start.year + index % 3, 1, 1),
            # The travel insurance's agreement runs out soon: the list and the reminder show it.
            end_date=today + timedelta(days=21) if index == 3 else None,
        )
        _link(insurance, employees, share, rng, actor)
    for kind, name, provider, cost, taxable, text, share in OTHER_BY_COUNTRY[country]:
        benefit = services.benefit_create(
            benefit_kind=OTHER_BENEFITS,
            organization=organization,
            actor=actor,
            kind=kind,
            name=name,
            provider=provider,
            monthly_cost=Decimal(cost),
            taxable=taxable,
            description=text,
            start_date=start,
        )
        _link(benefit, employees, share, rng, actor, end_some=True)


def _link(benefit, employees, share: float, rng: random.Random, actor, end_some: bool = False) -> None:
    today = benefit.organization.today()
    for employee in employees:
        if rng.random() > share:
            continue
        valid_from = max(benefit.start_date, employee.employment_start)
        if employee.employment_end is not None and employee.employment_end < valid_from:
            continue
        result = services.benefit_link_employees(
            benefit=benefit, employees=[employee], valid_from=valid_from, actor=actor
        )
        if end_some and result.created and rng.random() < 0.15:
            link = result.created[0]
            end = valid_from + timedelta(days=rng.randint(60, 700))
            if end < today and (link.valid_to is None or end < link.valid_to):
                services.link_end(link=link, end_date=end, actor=actor)

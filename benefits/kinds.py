"""The two kinds of benefit share every screen and rule; a Kind says which tables and rights."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from benefits.models import Insurance, InsuranceLink, OtherBenefit, OtherBenefitLink


@dataclass(frozen=True)
class Kind:
    slug: str  # in URLs
    model: type
    link_model: type
    label: str | Promise
    label_plural: str | Promise
    add_label: str | Promise

    def right(self, action: str) -> str:
        """ "benefits.view_insurance", "benefits.change_otherbenefit", ..."""
        return f"benefits.{action}_{self.model._meta.model_name}"

    def __str__(self):
        return self.slug


INSURANCES = Kind("insurances", Insurance, InsuranceLink, _("Insurance"), _("Insurances"), _("Create insurance"))
OTHER_BENEFITS = Kind(
    "other-benefits", OtherBenefit, OtherBenefitLink, _("Benefit"), _("Other benefits"), _("Create benefit")
)
KINDS = {kind.slug: kind for kind in (INSURANCES, OTHER_BENEFITS)}


class KindConverter:
    regex = "insurances|other-benefits"

    def to_python(self, value: str) -> Kind:
        return KINDS[value]

    def to_url(self, value) -> str:
        return str(value)

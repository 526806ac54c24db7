"""The tier engine: pure functions over catalog rows, no database access of their own.

The tier is derived, never chosen: Start when Self-service is on, raised to the highest tier
among the features switched on. A feature's requirements name supporting products; each
requirement is met by any one of its products.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from selfservice.models import Product, Tier


def tier_for(features: Iterable[Product]) -> Tier:
    """The highest tier among the features; Start when there are none."""
    return Tier(max((feature.tier for feature in features if feature.tier), default=Tier.START))


@dataclass(frozen=True)
class Missing:
    feature: Product
    any_of: tuple[Product, ...]  # one of these is needed


def missing_requirements(selected: Iterable[Product]) -> list[Missing]:
    """What the selected features need but the selection does not hold.

    The features' requirements must be prefetched (`requirements__any_of`).
    """
    selected = list(selected)
    codes = {product.code for product in selected}
    missing = []
    for feature in selected:
        for requirement in feature.requirements.all():
            options = tuple(requirement.any_of.all())
            if not any(option.code in codes for option in options):
                missing.append(Missing(feature=feature, any_of=options))
    return missing

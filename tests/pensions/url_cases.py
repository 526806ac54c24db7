"""Access-matrix cases for the pension fund's screens (tests/url_matrix.py explains a case)."""

from tests.pensions.url_cases_pensioning import CASES as PENSIONING_CASES

CASES = [
    *PENSIONING_CASES,
]

import pytest

from hrsuite import national_ids


@pytest.mark.parametrize(
    ("country", "value", "valid"),
    [
        ("NO", "15076500565", True),
        ("NO", "15076500566", False),
        ("NO", "1507650056", False),
        ("NL", "111222333", True),
        ("NL", "123456789", False),
        ("NL", "12345678", False),
        ("DE", "AB12345", True),
        ("DE", "AB-12345", False),
    ],
)
def test_validation_per_country(country, value, valid):
    assert (national_ids.problem(country, value) is None) is valid


def test_mask_shows_only_the_last_two():
    assert national_ids.mask("15076500565") == "•••••••••65"
    assert national_ids.mask("") == ""

import pytest

from tests.selfservice.factories import ensure_catalog


@pytest.fixture(autouse=True)
def product_catalog(request):
    """The catalog rows come from a data migration; a transactional test elsewhere may have
    flushed them, so make sure they are there for every test that uses the database."""
    marker = request.node.get_closest_marker("django_db")
    if "transactional_db" in request.fixturenames or (marker and marker.kwargs.get("transaction")):
        request.getfixturevalue("transactional_db")
    elif "db" in request.fixturenames or marker:
        request.getfixturevalue("db")
    else:
        return
    ensure_catalog()

import datetime
import threading

import pytest
from django.db import close_old_connections, connection

from benefits import services
from benefits.models import InsuranceLink

from .factories import InsuranceFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks (SQLite has none)"),
]


def test_two_people_linking_the_same_employee_at_once_make_one_link(organization, employee):
    insurance = InsuranceFactory(organization=organization)
    barrier = threading.Barrier(2)
    errors = []

    def link():
        try:
            barrier.wait()
            services.benefit_link_employees(
                benefit=insurance, employees=[employee], valid_from=datetime.date(2024, 1, 1)
            )
        except Exception as error:  # reported by the assertion below
            errors.append(error)
        finally:
            close_old_connections()

    threads = [threading.Thread(target=link) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert InsuranceLink.objects.filter(benefit=insurance, employee=employee).count() == 1

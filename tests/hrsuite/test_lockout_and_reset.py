"""Lockout behind the TLS proxy counts per client and per case-folded address; password reset
mails are throttled, leave from a job, and the answer is the same for every address."""

import pytest
from django.conf import settings
from django.test import Client

from hrsuite.models import AuditAction, AuditEvent
from tests.factories import TEST_PASSWORD, UserFactory

LOGIN = "/login/"
PROXY = "10.0.0.2"  # every request behind the TLS proxy arrives from it


def login_from(client_address: str, email: str, password: str, *, through_proxy: bool = True):
    meta = (
        {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": client_address}
        if through_proxy
        else {"REMOTE_ADDR": client_address}
    )
    return Client().post(LOGIN, {"username": email, "password": password}, **meta)


@pytest.fixture
def behind_proxy(settings):
    settings.BEHIND_TLS_PROXY = True
    settings.TRUSTED_PROXY_COUNT = 1


@pytest.mark.django_db
class TestBehindTheProxy:
    def test_one_clients_failures_do_not_lock_another(self, behind_proxy, owner):
        for attempt in range(settings.AXES_FAILURE_LIMIT):
            login_from("203.0.113.7", f"nobody{attempt}@example.com", "wrong-password")
        # The sprayer is locked by its own address ...
        assert login_from("203.0.113.7", owner.email, TEST_PASSWORD).status_code == 429
        # ... while another client behind the same proxy logs in.
        assert login_from("198.51.100.9", owner.email, TEST_PASSWORD).status_code == 302

    def test_a_forged_forwarded_for_entry_is_ignored(self, behind_proxy, owner):
        for attempt in range(settings.AXES_FAILURE_LIMIT):
            # The client puts a fresh address in front; the proxy appends the real one.
            login_from(f"192.0.2.{attempt}, 203.0.113.7", f"nobody{attempt}@example.com", "wrong-password")
        assert login_from("203.0.113.7", owner.email, TEST_PASSWORD).status_code == 429

    def test_two_proxies_take_the_address_the_outer_one_saw(self, behind_proxy, settings):
        from django.test import RequestFactory

        from hrsuite.throttle import client_ip

        settings.TRUSTED_PROXY_COUNT = 2
        request = RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="1.1.1.1, 203.0.113.7, 10.0.0.9")
        assert client_ip(request) == "203.0.113.7"

    def test_audit_events_record_the_clients_address(self, behind_proxy, owner):
        login_from("203.0.113.7", owner.email, "wrong-password")
        login_from("198.51.100.9", owner.email, TEST_PASSWORD)
        events = AuditEvent.objects.filter(action__in=[AuditAction.LOGIN_FAILED, AuditAction.LOGIN])
        addresses = dict(events.values_list("action", "ip_address"))
        assert addresses == {AuditAction.LOGIN_FAILED: "203.0.113.7", AuditAction.LOGIN: "198.51.100.9"}


@pytest.mark.django_db
def test_failures_in_any_case_of_the_address_count_as_one(organization):
    user = UserFactory(email="lock2@example.com")
    variants = [
        "lock2@example.com",
        "Lock2@example.com",
        "LOCK2@example.com",
        "lock2@Example.com",
        " LOCK2@EXAMPLE.COM ",
    ]
    # Each guess from another address, so only the count per e-mail address can lock; no
    # single spelling reaches the limit, all of them together do four times over.
    assert 20 // len(variants) < settings.AXES_FAILURE_LIMIT
    for guess in range(20):
        login_from(f"192.0.2.{guess + 1}", variants[guess % len(variants)], f"guess-{guess}", through_proxy=False)
    response = login_from("198.51.100.50", user.email, TEST_PASSWORD, through_proxy=False)
    assert response.status_code == 429


RESET = "/password/reset/"


def reset(email: str, client_address: str = "203.0.113.7"):
    return Client().post(RESET, {"email": email}, REMOTE_ADDR=client_address)


@pytest.mark.django_db
class TestPasswordReset:
    def test_mails_to_one_address_are_throttled(self, owner, mailoutbox, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            for attempt in range(8):
                reset(owner.email.upper(), client_address=f"192.0.2.{attempt}")
        assert len(mailoutbox) == settings.PASSWORD_RESET_LIMIT_PER_ADDRESS
        assert mailoutbox[0].to == [owner.email]

    def test_requests_from_one_client_are_throttled(self, organization, mailoutbox, django_capture_on_commit_callbacks):
        users = [UserFactory(email=f"person{n}@example.com") for n in range(15)]
        with django_capture_on_commit_callbacks(execute=True):
            for user in users:
                reset(user.email)
        assert len(mailoutbox) == settings.PASSWORD_RESET_LIMIT_PER_CLIENT

    def test_the_answer_is_the_same_for_a_known_an_unknown_and_a_throttled_address(
        self, owner, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            answers = [reset(owner.email), reset("nobody@example.com")]
            answers += [reset(owner.email) for _ in range(settings.PASSWORD_RESET_LIMIT_PER_ADDRESS)]
        assert {(a.status_code, a["Location"], a.content) for a in answers} == {(302, "/password/reset/sent/", b"")}
        # The lookup and the mail wait for the job: the request itself only enqueues.
        # The known address up to its limit, and the unknown one.
        assert len(callbacks) == settings.PASSWORD_RESET_LIMIT_PER_ADDRESS + 1

    def test_the_job_mails_a_working_link(self, owner, mailoutbox, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            reset(owner.email)
        link = next(line for line in mailoutbox[0].body.splitlines() if "/password/reset/" in line).strip()
        assert Client().get(link, follow=True).status_code == 200


@pytest.mark.django_db
def test_a_name_longer_than_any_address_is_a_failed_login_counted_under_its_start():
    # PostgreSQL refused to store such a name in axes' 255-character column: a 500.
    from axes.models import AccessAttempt

    response = Client().post(LOGIN, {"username": "A" * 10_000, "password": "wrong"})
    assert response.status_code == 200
    assert [len(name) for name in AccessAttempt.objects.values_list("username", flat=True)] == [254]

"""E-mail from lifecycle events (invitations, notices) goes through one Celery task.

An app writes a composer, `@composer def invitation(*, invitation_id) -> Mail | None`, that
loads what it needs by id and says what to send; a service enqueues it with
`mail_on_commit(invitation, invitation_id=...)`, so nothing leaves before the transaction
commits and a rolled-back change sends nothing. A composer returns None when there is
nothing (left) to send, which makes a rerun of the task harmless. Links are absolute from
settings.SITE_URL: the host of whichever request triggered a change is never trusted.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class Mail:
    to: list[str]
    subject: str
    body: str
    # Marks the record as sent, so a rerun of the task finds nothing to send.
    sent: Callable[[], None] | None = None


COMPOSERS: dict[str, Callable[..., Mail | None]] = {}


def composer(compose: Callable[..., Mail | None]) -> Callable[..., Mail | None]:
    COMPOSERS[f"{compose.__module__}.{compose.__qualname__}"] = compose
    return compose


def mail_on_commit(compose: Callable[..., Mail | None], **ids) -> None:
    from hrsuite.tasks import mail_send

    mail_send.delay_on_commit(f"{compose.__module__}.{compose.__qualname__}", {k: str(v) for k, v in ids.items()})


def site_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path

"""Self-service e-mail, sent through the core's one mail task (hrsuite.mail)."""

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from hrsuite.mail import Mail, composer, site_url
from selfservice.models import Invitation
from selfservice.services import INVITATION_MAX_AGE, invitation_token


@composer
def invitation(*, invitation_id: str) -> Mail | None:
    """The one-time link. An invitation already sent or used is not sent again."""
    found = Invitation.objects.select_related("employee__organization").filter(id=invitation_id).first()
    if found is None or found.sent_at is not None or found.accepted_at is not None:
        return None
    organization = found.employee.organization
    link = site_url(reverse("selfservice:invitation_accept", kwargs={"token": invitation_token(found)}))
    with translation.override(organization.language):
        subject = _("Your self-service login at %(organization)s") % {"organization": organization.name}
        body = render_to_string(
            "selfservice/email/invitation.txt",
            {"invitation": found, "link": link, "days": INVITATION_MAX_AGE // 86400},
        )
    return Mail(
        to=[found.email],
        subject=subject,
        body=body,
        sent=lambda: Invitation.objects.filter(pk=found.pk).update(sent_at=timezone.now()),
    )

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from selfservice.models import Invitation
from selfservice.services import INVITATION_MAX_AGE, invitation_token


@shared_task
def send_invitation(invitation_id: str) -> bool:
    """E-mail the one-time link. Idempotent: an invitation already sent is not sent again."""
    invitation = Invitation.objects.select_related("employee__organization").filter(id=invitation_id).first()
    if invitation is None or invitation.sent_at is not None or invitation.accepted_at is not None:
        return False
    organization = invitation.employee.organization
    link = settings.SITE_URL.rstrip("/") + reverse(
        "selfservice:invitation_accept", kwargs={"token": invitation_token(invitation)}
    )
    with translation.override(organization.language):
        subject = _("Your self-service login at %(organization)s") % {"organization": organization.name}
        body = render_to_string(
            "selfservice/email/invitation.txt",
            {"invitation": invitation, "link": link, "days": INVITATION_MAX_AGE // 86400},
        )
    send_mail(subject, body, None, [invitation.email])
    Invitation.objects.filter(pk=invitation.pk).update(sent_at=timezone.now())
    return True

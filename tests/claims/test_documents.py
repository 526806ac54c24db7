"""Documents: type sniffed from the content, size capped, stored outside the web root and
served only through the access-checked view."""

import io
import os
import zipfile

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from claims.models import ClaimDocument, ClaimLine
from claims.services import MAX_DOCUMENT_BYTES
from tests.claims.factories import ClaimFactory, portal_member
from tests.factories import OrganizationFactory

PDF = b"%PDF-1.7\n1 0 obj\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 16


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


@pytest.fixture
def setup(db):
    organization = OrganizationFactory(modules={"claims": True})
    user = portal_member(organization, "claims.motor_claims")
    claim = ClaimFactory(organization=organization, line=ClaimLine.MOTOR)
    client = Client()
    client.force_login(user)
    return organization, claim, client


def _upload(client, organization, claim, name, content):
    url = reverse("claims:claim_document_upload", args=[organization.id, claim.id])
    return client.post(url, {"file": SimpleUploadedFile(name, content)}, follow=True)


@pytest.mark.parametrize(("name", "content"), [("report.pdf", PDF), ("photo.png", PNG), ("letter.docx", _docx())])
def test_accepted_types_are_stored_privately_and_served_to_who_sees_the_claim(name, content, setup):
    organization, claim, client = setup
    _upload(client, organization, claim, name, content)
    document = ClaimDocument.objects.get()
    path = document.file.path
    assert path.startswith(os.path.abspath(settings.CLAIMS_DOCUMENT_ROOT))
    assert not path.startswith(str(settings.STATIC_ROOT)) and name not in os.path.basename(path)
    url = reverse("claims:claim_document_download", args=[organization.id, claim.id, document.id])
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == content
    assert name in response["Content-Disposition"]
    outsider = Client()
    outsider.force_login(portal_member(organization, "claims.property_claims"))
    assert outsider.get(url).status_code == 404


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("fake.pdf", b"MZ\x90\x00 an executable", "not what its name says"),
        ("photo.png", PDF, "not what its name says"),
        ("script.exe", PDF, "Upload a PDF"),
        ("archive.docx", b"PK\x03\x04 broken zip", "not what its name says"),
    ],
)
def test_wrong_types_are_refused(name, content, reason, setup):
    organization, claim, client = setup
    response = _upload(client, organization, claim, name, content)
    assert reason in response.content.decode()
    assert not ClaimDocument.objects.exists()


def test_too_large_is_refused(setup):
    organization, claim, client = setup
    response = _upload(client, organization, claim, "big.pdf", PDF + b"\0" * MAX_DOCUMENT_BYTES)
    assert "at most 10 MB" in response.content.decode()
    assert not ClaimDocument.objects.exists()

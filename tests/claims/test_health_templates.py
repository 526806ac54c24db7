"""Workplace health management templates: behind their right, checked and stored like claim
documents."""

import os

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from claims.models import HealthTemplate
from tests.claims.factories import portal_member
from tests.factories import OrganizationFactory

PDF = b"%PDF-1.7\n1 0 obj\n"


@pytest.fixture
def organization(db):
    return OrganizationFactory(modules={"claims": True})


def _url(organization):
    return reverse("claims:health_templates", kwargs={"org_id": organization.id})


def test_upload_list_and_download(organization, client):
    client.force_login(portal_member(organization, "claims.health_management_templates"))
    assert "No templates yet." in client.get(_url(organization)).content.decode()
    upload = SimpleUploadedFile("back-care.pdf", PDF, content_type="application/pdf")
    response = client.post(_url(organization), {"name": "Back care", "description": "For managers", "file": upload})
    assert response.status_code == 302
    template = HealthTemplate.objects.get()
    assert (template.name, template.content_type, template.original_name) == (
        "Back care",
        "application/pdf",
        "back-care.pdf",
    )
    path = os.path.abspath(template.file.path)
    assert path.startswith(os.path.abspath(settings.CLAIMS_DOCUMENT_ROOT))
    assert not path.startswith(os.path.abspath(str(settings.STATIC_ROOT)))
    page = client.get(_url(organization)).content.decode()
    assert f'id="template-{template.pk}"' in page
    download = client.get(
        reverse("claims:health_template_download", kwargs={"org_id": organization.id, "template_id": template.id})
    )
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert "attachment" in download["Content-Disposition"]


def test_a_file_that_is_not_what_its_name_says_is_refused(organization, client):
    client.force_login(portal_member(organization, "claims.health_management_templates"))
    fake = SimpleUploadedFile("notes.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = client.post(_url(organization), {"name": "Fake", "file": fake})
    assert response.status_code == 200
    assert "not what its name says" in response.content.decode()
    assert not HealthTemplate.objects.exists()


def test_without_the_right_403_and_another_organizations_template_404(organization, client):
    holder = portal_member(organization, "claims.health_management_templates")
    client.force_login(portal_member(organization))
    assert client.get(_url(organization)).status_code == 403
    other = OrganizationFactory(modules={"claims": True})
    client.force_login(holder)
    client.post(
        _url(organization), {"name": "Mine", "file": SimpleUploadedFile("a.pdf", PDF, content_type="application/pdf")}
    )
    template = HealthTemplate.objects.get()
    client.force_login(portal_member(other, "claims.health_management_templates"))
    stolen = reverse("claims:health_template_download", kwargs={"org_id": other.id, "template_id": template.id})
    assert client.get(stolen).status_code == 404

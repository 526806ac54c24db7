import pytest


@pytest.fixture(autouse=True)
def private_documents(settings, tmp_path):
    """Claim documents go to a temporary folder, never into the checkout."""
    settings.CLAIMS_DOCUMENT_ROOT = str(tmp_path / "claims-documents")

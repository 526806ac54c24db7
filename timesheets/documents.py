"""Documents as PDF files: a template rendered to HTML, then laid out by WeasyPrint.

WeasyPrint (pinned in requirements.txt) needs Debian's Pango libraries, which bin/setup
installs. It is imported on first use: it takes a moment to load and only PDF downloads
need it.
"""

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.http import content_disposition_header

from hrsuite.exports import safe_filename


def pdf_bytes(*, template: str, context: dict, request=None) -> bytes:
    from weasyprint import HTML

    html = render_to_string(template, context, request=request)
    # No base URL: the document loads nothing from outside (its styles are inline).
    return HTML(string=html, url_fetcher=_no_fetch).write_pdf()


def pdf_response(*, template: str, context: dict, filename: str, request=None) -> HttpResponse:
    response = HttpResponse(
        pdf_bytes(template=template, context=context, request=request), content_type="application/pdf"
    )
    response["Content-Disposition"] = content_disposition_header(True, safe_filename(filename))
    return response


def _no_fetch(url, *args, **kwargs):
    raise ValueError(f"documents load no external resources: {url}")

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hrsuite import imports, selectors
from hrsuite.access import org_view
from hrsuite.exports import csv_response
from hrsuite.forms import ImportUploadForm
from hrsuite.models import EmployeeImport
from hrsuite.rendering import message_from


def _import_for(organization, import_id) -> EmployeeImport:
    try:
        return EmployeeImport.objects.get(organization=organization, id=import_id)
    except EmployeeImport.DoesNotExist as missing:
        raise Http404 from missing


@org_view("hrsuite.import_employees")
def import_upload(request, organization):
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            employee_import = imports.employee_import_create(
                organization=organization, actor=request.user, file_name=upload.name, content=upload.read()
            )
        except imports.ImportFileError as unreadable:
            form.add_error("file", str(unreadable))
        else:
            return redirect("import_preview", org_id=organization.id, import_id=employee_import.id)
    context = {
        "form": form,
        "columns": imports.import_fields(organization=organization, rights=request.rights),
        "column_help": imports.column_help(organization=organization, rights=request.rights),
        "required_columns": imports.REQUIRED_COLUMNS,
        "recent": selectors.recent_imports(organization=organization),
    }
    return render(request, "hrsuite/import_upload.html", context)


@org_view("hrsuite.import_employees")
def import_preview(request, organization, import_id):
    employee_import = _import_for(organization, import_id)
    context = {"employee_import": employee_import}
    if employee_import.status == EmployeeImport.Status.PREVIEWED:
        try:
            plan = imports.plan_import(
                organization=organization,
                file_name=employee_import.file_name,
                content=bytes(employee_import.content),
                rights=request.rights,
            )
        except imports.ImportFileError as unreadable:
            # Columns of a module switched off since the upload, or that this user may not import.
            messages.error(request, str(unreadable))
            return redirect("import_upload", org_id=organization.id)
        context["plan"] = plan
        context["counts"] = {action: plan.count(action) for action in ("create", "update", "unchanged")}
        # Rows with errors first; a page of rows, so the page stays small for a 10,000-row file.
        context["page"] = Paginator(plan.rows_errors_first(), 50).get_page(request.GET.get("page"))
    template = "hrsuite/import_preview.html"
    if request.htmx:
        template += "#rows"
    return render(request, template, context)


@require_POST
@org_view("hrsuite.import_employees")
def import_apply(request, organization, import_id):
    employee_import = _import_for(organization, import_id)
    try:
        applied = imports.employee_import_apply(employee_import=employee_import, actor=request.user, request=request)
    except ValidationError as refused:
        messages.error(request, message_from(refused))
    else:
        messages.success(
            request,
            _("Import done: %(created)s added, %(updated)s updated, %(unchanged)s unchanged.") % applied.summary,
        )
    return redirect("import_preview", org_id=organization.id, import_id=employee_import.id)


@org_view("hrsuite.import_employees")
def import_template(request, organization):
    return csv_response(
        filename="employees-template.csv",
        header=imports.import_fields(organization=organization, rights=request.rights),
        rows=[imports.template_row(organization=organization, rights=request.rights)],
    )

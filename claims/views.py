from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from claims import chart, selectors, services
from claims.forms import (
    AbsenceForm,
    AllowanceImportForm,
    ClaimCreateForm,
    ClaimEditForm,
    ClaimFilterForm,
    ClaimsSettingsForm,
    DocumentForm,
    HealthTemplateForm,
    NoteForm,
    PolicyForm,
    StatusChangeForm,
)
from claims.integration import claims_view
from claims.models import ClaimLine
from claims.rights import (
    ABSENCES,
    CUSTOMER_ADMINISTRATOR,
    DAILY_ALLOWANCE,
    HEALTH_TEMPLATES,
    SAFETY_OFFICER_DESK,
    STATISTICS,
    VIEW_POLICIES,
    visible_lines,
)
from hrsuite.access import employee_for
from hrsuite.audit import audit_sensitive_read
from hrsuite.employee_tabs import tabs_for
from hrsuite.exports import csv_response
from hrsuite.rendering import apply_validation_error, message_from

PAGE_SIZE = 25


def _visible(request, organization):
    return selectors.claims_visible_to(user=request.user, organization=organization, rights=request.rights)


def _claim(request, organization, claim_id):
    claim = selectors.claim_for(user=request.user, organization=organization, rights=request.rights, claim_id=claim_id)
    if claim.is_personal_injury:
        audit_sensitive_read(request=request, organization=organization, subject=claim, field="personal_injury_case")
    return claim


# --- Claims -------------------------------------------------------------------------------------


@claims_view()
def claim_list(request, organization):
    filters = ClaimFilterForm(request.GET or None, lines=visible_lines(request.rights))
    criteria = filters.cleaned_data if filters.is_valid() else {}
    claims = selectors.claims_list(
        user=request.user,
        organization=organization,
        rights=request.rights,
        filters=selectors.ClaimFilters(
            line=criteria.get("line", ""),
            status=criteria.get("status", ""),
            date_from=criteria.get("date_from"),
            date_to=criteria.get("date_to"),
            search=criteria.get("q", ""),
            handler=request.user if criteria.get("mine") else None,
        ),
    )
    page = Paginator(claims, PAGE_SIZE).get_page(request.GET.get("page"))
    template = "claims/claim_list.html#results" if request.htmx else "claims/claim_list.html"
    return render(request, template, {"filters": filters, "page": page})


CLAIM_FORM_FIELDS = [*ClaimCreateForm.Meta.fields, "confirm_loss_of_access"]


@claims_view()
def claim_create(request, organization):
    """The filing form. Its person search works with htmx (the results only) and without
    JavaScript: the search button sends the whole form by GET, which comes back unsaved with
    the typed values and the results."""
    today = organization.today()
    initial = {"reported_on": today, "occurred_on": today}
    initial.update({name: request.GET[name] for name in CLAIM_FORM_FIELDS if request.GET.get(name)})
    form = ClaimCreateForm(
        request.POST if request.method == "POST" else None,
        organization=organization,
        rights=request.rights,
        initial=initial,
    )
    query = request.POST if request.method == "POST" else request.GET
    people = selectors.person_search(
        organization=organization, term=query.get("person", ""), selected_id=query.get("employee")
    )
    search = {
        "person": query.get("person", ""),
        "people": [(employee, form.loses_access_to(employee)) for employee in people],
        "selected": query.get("employee", ""),
    }
    if request.htmx and request.method == "GET":
        return render(request, "claims/partials/person_search.html#person_results", {"form": form, **search})
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            claim = services.claim_create(
                organization=organization, actor=request.user, rights=request.rights, **fields
            )
        except ValidationError as invalid:
            apply_validation_error(form, invalid)
        else:
            messages.success(request, _("The claim “%(title)s” was filed.") % {"title": claim.title})
            if (
                selectors.claims_visible_to(user=request.user, organization=organization, rights=request.rights)
                .filter(pk=claim.pk)
                .exists()
            ):
                return redirect("claims:claim_detail", org_id=organization.id, claim_id=claim.id)
            return redirect("claims:claim_list", org_id=organization.id)
    return render(request, "claims/claim_form.html", {"form": form, **search})


@claims_view()
def claim_detail(request, organization, claim_id):
    claim = _claim(request, organization, claim_id)
    context = {
        "claim": claim,
        "activities": selectors.claim_activities(claim=claim),
        "documents": claim.documents.select_related("uploaded_by"),
        "history": selectors.claim_history(claim=claim)[:50],
        "status_form": StatusChangeForm(claim=claim),
        "note_form": NoteForm(),
        "document_form": DocumentForm(),
        "converted_from": getattr(claim, "converted_from", None),
    }
    return render(request, "claims/claim_detail.html", context)


@claims_view()
def claim_edit(request, organization, claim_id):
    claim = _claim(request, organization, claim_id)
    form = ClaimEditForm(request.POST or None, instance=claim, organization=organization)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            services.claim_update(claim=claim, actor=request.user, **fields)
        except ValidationError as invalid:
            apply_validation_error(form, invalid)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("claims:claim_detail", org_id=organization.id, claim_id=claim.id)
    return render(request, "claims/claim_form.html", {"form": form, "claim": claim})


def _back_to_claim(request, organization, claim, form, done: str):
    if form.errors:
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
    else:
        messages.success(request, done)
    return redirect("claims:claim_detail", org_id=organization.id, claim_id=claim.id)


@require_POST
@claims_view()
def claim_status(request, organization, claim_id):
    claim = _claim(request, organization, claim_id)
    form = StatusChangeForm(request.POST, claim=claim)
    if form.is_valid():
        try:
            services.claim_status_change(
                claim=claim,
                actor=request.user,
                to_status=form.cleaned_data["to_status"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as invalid:
            apply_validation_error(form, invalid)
    return _back_to_claim(request, organization, claim, form, _("Status changed."))


@require_POST
@claims_view()
def claim_note(request, organization, claim_id):
    claim = _claim(request, organization, claim_id)
    form = NoteForm(request.POST)
    if form.is_valid():
        services.claim_note_add(claim=claim, actor=request.user, **form.cleaned_data)
    return _back_to_claim(request, organization, claim, form, _("Entry added."))


@require_POST
@claims_view()
def claim_document_upload(request, organization, claim_id):
    claim = _claim(request, organization, claim_id)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.claim_document_attach(claim=claim, actor=request.user, upload=form.cleaned_data["file"])
        except ValidationError as invalid:
            apply_validation_error(form, invalid)
    return _back_to_claim(request, organization, claim, form, _("Document attached."))


@claims_view()
def claim_document_download(request, organization, claim_id, document_id):
    claim = _claim(request, organization, claim_id)
    return _stored_file(selectors.document_for(claim=claim, document_id=document_id))


def _stored_file(stored) -> FileResponse:
    """A privately stored upload (claim document, health template) as a download."""
    response = FileResponse(
        stored.file.open("rb"), as_attachment=True, filename=stored.original_name, content_type=stored.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@claims_view()
def employee_claims(request, organization, employee_id):
    employee = employee_for(organization, employee_id)
    claims = _visible(request, organization).filter(employee=employee)
    page = Paginator(claims, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"employee": employee, "tabs": tabs_for(request, employee), "active_tab": "claims", "page": page}
    return render(request, "claims/employee_claims.html", context)


# --- Policies, settings, safety desk -----------------------------------------------------------------


@claims_view(VIEW_POLICIES)
def policy_list(request, organization):
    policies = selectors.policies_visible_to(organization=organization, rights=request.rights)
    page = Paginator(policies, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "claims/policy_list.html", {"page": page})


def _create_page(request, organization, form, create, *, title: str, done: str, back: str):
    """A plain "new" page: the form, then the service with the form's fields, then the list."""
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            create(organization=organization, actor=request.user, **fields)
        except ValidationError as invalid:
            apply_validation_error(form, invalid)
        else:
            messages.success(request, done)
            return redirect(back, org_id=organization.id)
    return render(request, "claims/form.html", {"form": form, "title": title, "back": back})


@claims_view(CUSTOMER_ADMINISTRATOR)
def policy_create(request, organization):
    form = PolicyForm(request.POST or None, organization=organization)
    return _create_page(
        request,
        organization,
        form,
        services.policy_create,
        title=_("New policy"),
        done=_("Policy saved."),
        back="claims:policy_list",
    )


@claims_view(CUSTOMER_ADMINISTRATOR)
def claims_settings(request, organization):
    desk = selectors.claims_settings_for(organization=organization)
    form = ClaimsSettingsForm(
        request.POST or None,
        organization=organization,
        initial={"safety_officer": desk.safety_officer, "hide_injured_name": desk.hide_injured_name},
    )
    if request.method == "POST" and form.is_valid():
        services.claims_settings_update(organization=organization, actor=request.user, **form.cleaned_data)
        messages.success(request, _("Changes saved."))
        return redirect("claims:claims_settings", org_id=organization.id)
    return render(
        request, "claims/form.html", {"form": form, "title": _("Claims portal settings"), "back": "claims:claim_list"}
    )


@claims_view(SAFETY_OFFICER_DESK)
def safety_desk(request, organization):
    entries = selectors.safety_desk_entries(organization=organization, user=request.user)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "claims/safety_desk.html", {"page": page})


# --- Absences without cover -------------------------------------------------------------------------


@claims_view(ABSENCES)
def absence_list(request, organization):
    due = bool(request.GET.get("due"))  # the inbox's link: waiting period reached, not converted
    absences = selectors.absences_for(organization=organization, due=due)
    page = Paginator(absences, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "claims/absence_list.html", {"page": page, "today": organization.today(), "due": due})


@claims_view(ABSENCES)
def absence_create(request, organization):
    form = AbsenceForm(request.POST or None, organization=organization, initial={"responsible": request.user})
    return _create_page(
        request,
        organization,
        form,
        services.absence_create,
        title=_("New absence without cover"),
        done=_("Absence recorded."),
        back="claims:absence_list",
    )


@require_POST
@claims_view(ABSENCES)
def absence_convert(request, organization, absence_id):
    absence = selectors.absence_for(organization=organization, absence_id=absence_id)
    try:
        claim = services.absence_convert(absence=absence, actor=request.user, rights=request.rights)
    except ValidationError as invalid:
        messages.error(request, message_from(invalid))
        return redirect("claims:absence_list", org_id=organization.id)
    messages.success(request, _("The absence is now the sickness case “%(title)s”.") % {"title": claim.title})
    return redirect("claims:absence_list", org_id=organization.id)


# --- Daily allowance --------------------------------------------------------------------------------


@claims_view(DAILY_ALLOWANCE)
def allowance_overview(request, organization):
    statements = selectors.allowance_statements(claims=_visible(request, organization))
    page = Paginator(statements, 50).get_page(request.GET.get("page"))
    form = AllowanceImportForm()
    return render(request, "claims/allowance.html", {"page": page, "form": form})


@require_POST
@claims_view(DAILY_ALLOWANCE)
def allowance_import(request, organization):
    form = AllowanceImportForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            result = services.allowance_statements_import(
                claims=_visible(request, organization), content=form.cleaned_data["file"].read()
            )
        except ValidationError as invalid:
            result = services.AllowanceImport(errors=invalid.messages)
        if result.errors:
            messages.error(request, _("Nothing was imported. %(errors)s") % {"errors": " ".join(result.errors)})
        else:
            messages.success(request, _("%(count)s statement row(s) imported.") % {"count": result.rows})
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect("claims:allowance_overview", org_id=organization.id)


# --- Statistics -------------------------------------------------------------------------------------


@claims_view(STATISTICS)
def statistics(request, organization):
    # Over the lines the user may see: the statistics right needs every person group, and the
    # visible claims are the user's lines.
    stats = selectors.claim_statistics(claims=_visible(request, organization))
    return render(
        request, "claims/statistics.html", {"stats": stats, "chart": chart.claims_per_month_svg(stats.per_line_month)}
    )


@claims_view(STATISTICS)
def statistics_csv(request, organization):
    stats = selectors.claim_statistics(claims=_visible(request, organization))
    return csv_response(
        filename="claims-statistics.csv",
        header=[_("Month"), pgettext("claim line", "Line"), _("Claims")],
        rows=(
            [row["month"].strftime("%Y-%m"), ClaimLine(row["line"]).label, row["count"]] for row in stats.per_line_month
        ),
    )


# --- Users at a glance ------------------------------------------------------------------------------

USER_PAGE_SIZE = 50


@claims_view(CUSTOMER_ADMINISTRATOR)
def user_overview(request, organization):
    """Every user of the organization with their companies, rights, claim lines, function
    levels, last login and whether the account is active; a constant number of queries."""
    page = Paginator(selectors.portal_users_overview(organization=organization), USER_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = selectors.portal_user_rows(accesses=page.object_list, viewer=request.user)
    return render(request, "claims/user_overview.html", {"page": page, "rows": rows})


# --- Workplace health management templates -----------------------------------------------------


@claims_view(HEALTH_TEMPLATES)
def health_templates(request, organization):
    """The organization's templates; uploading one is a POST to the same page."""
    form = HealthTemplateForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            fields = {"name": form.cleaned_data["name"], "description": form.cleaned_data["description"]}
            upload = form.cleaned_data["file"]
            services.health_template_add(organization=organization, actor=request.user, upload=upload, **fields)
        except ValidationError as invalid:
            apply_validation_error(form, invalid)
        else:
            messages.success(request, _("Template added."))
            return redirect("claims:health_templates", org_id=organization.id)
    page = Paginator(selectors.health_templates_for(organization=organization), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "claims/health_templates.html", {"form": form, "page": page})


@claims_view(HEALTH_TEMPLATES)
def health_template_download(request, organization, template_id):
    return _stored_file(selectors.health_template_for(organization=organization, template_id=template_id))

"""Employee master-data import from CSV or XLSX: read, validate every row, then apply.

All or nothing: a file with any bad row changes nothing. Rows are matched to employees by
employee number, so importing the same file twice changes nothing the second time.
"""

import codecs
import csv
import io
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django import forms
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from hrsuite import modules
from hrsuite.access import rights_for
from hrsuite.audit import audit_record
from hrsuite.exports import csv_text
from hrsuite.models import (
    MASTER_DATA_FIELDS,
    SALARY_TERM_FIELDS,
    AuditAction,
    Country,
    Department,
    Employee,
    EmployeeImport,
    JobFunctionLevel,
    Organization,
    SalaryTerm,
    SalaryType,
    User,
)
from hrsuite.salary_terms import (
    TermChange,
    employment_start_follow,
    salary_field_errors,
    salary_terms_write,
    term_change,
    terms_for_period,
)
from hrsuite.services import employment_end_follow
from hrsuite.validation import DateField

DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y", "%d-%m-%Y", "%d/%m/%Y"]
MAX_ROWS = 20000
# Wider than any header the file can have: the master-data fields plus a few unknown ones to name.
MAX_COLUMNS = len(MASTER_DATA_FIELDS) + 20
# A 20,000-row sheet of master data unpacks to about 20 MB; a bomb unpacks to gigabytes.
MAX_XLSX_UNPACKED_BYTES = 64 * 1024 * 1024

# The file's columns are the Employee master-data fields, named as in the model; the manager
# is chosen on the form (a file would have to name them by a number not yet imported).
EMPLOYEE_FIELDS = [name for name in MASTER_DATA_FIELDS if name != "manager"]
REQUIRED_COLUMNS = ["number", "first_name", "last_name", "employment_start"]


@dataclass(frozen=True)
class ImportColumns:
    """Optional columns a module adds to the employee import, declared once in its Module
    (`import_columns`) and offered where the module is on. `labels` names each column in the
    user's words (for errors), `help` explains it on the upload page.

    plan(organization=..., rows=[(row, cells), ...]) receives every row whose employee part is
    valid, with the module's cells as given ({column: text}, a column the file lacks absent);
    it puts what is wrong on row.errors by column, describes what it writes in
    row.module_changes, and returns the writes. Any error stops the whole import.
    apply(planned=..., actor=...) writes them inside the import's transaction, after the
    employees (a new employee already has its key). Only a user holding `right` (the one
    the module's own screen asks for the same change) may import the columns."""

    right: str
    labels: Mapping[str, str | Promise]
    help: Mapping[str, str | Promise]
    plan: Callable
    apply: Callable


def module_columns(
    organization: Organization | None = None, rights: frozenset[str] | None = None
) -> list[ImportColumns]:
    """The modules' import columns: those of the modules on for the organization whose right
    is among `rights` (without an organization: all of them; without rights: no user asks,
    as in a job). At most one query: the organization's switches."""
    on = modules.switches_for(organization) if organization is not None else None
    return [
        columns
        for module in modules.all_modules()
        if on is None or not module.switchable or module.key in on
        for columns in module.import_columns
        if rights is None or columns.right in rights
    ]


def import_fields(*, organization: Organization, rights: frozenset[str] | None = None, columns=None) -> list[str]:
    """Every column the organization's file may have: the master data, then the modules'."""
    columns = module_columns(organization, rights) if columns is None else columns
    return [*EMPLOYEE_FIELDS, *(name for each in columns for name in each.labels)]


class ImportFileError(Exception):
    """The file as a whole cannot be read (wrong format, no header, missing columns)."""


class LocalizedDecimalField(forms.DecimalField):
    """Accepts 1234.50 as well as 1234,50 and 1 234,50, as exported by local spreadsheets."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.replace("\u00a0", "").replace(" ", "")
            if "," in value and "." not in value:
                value = value.replace(",", ".")
        return super().to_python(value)


class EmployeeRowForm(forms.Form):
    number = forms.CharField(max_length=20)
    first_name = forms.CharField(max_length=100)
    last_name = forms.CharField(max_length=100)
    email = forms.EmailField(required=False)
    birth_date = DateField(required=False, input_formats=DATE_FORMATS)
    national_id = forms.CharField(max_length=20, required=False)
    department = forms.CharField(max_length=120, required=False)
    job_function_level = forms.ChoiceField(choices=JobFunctionLevel.choices, required=False)
    employment_start = DateField(input_formats=DATE_FORMATS)
    employment_end = DateField(required=False, input_formats=DATE_FORMATS)
    salary_type = forms.ChoiceField(choices=SalaryType.choices, required=False)
    annual_salary = LocalizedDecimalField(max_digits=12, decimal_places=2, min_value=0, required=False)
    employment_percentage = LocalizedDecimalField(
        max_digits=5, decimal_places=2, min_value=0, max_value=100, required=False
    )
    normal_hours_per_day = LocalizedDecimalField(
        max_digits=4, decimal_places=2, min_value=0, max_value=24, required=False
    )
    hourly_wage = LocalizedDecimalField(max_digits=10, decimal_places=2, min_value=Decimal("0.01"), required=False)
    salary_valid_from = forms.DateField(required=False, input_formats=DATE_FORMATS)
    job_title = forms.CharField(max_length=120, required=False)
    # Checked per country by Employee.clean() (hrsuite/validators.py), as on the form.
    street_address = forms.CharField(max_length=200, required=False)
    postal_code = forms.CharField(max_length=12, required=False)
    city = forms.CharField(max_length=100, required=False)
    country = forms.ChoiceField(choices=Country.choices, required=False)
    phone = forms.CharField(max_length=30, required=False)
    private_email = forms.EmailField(required=False)
    bank_account = forms.CharField(max_length=34, required=False)
    bic = forms.CharField(max_length=11, required=False)
    emergency_contact_name = forms.CharField(max_length=200, required=False)
    emergency_contact_phone = forms.CharField(max_length=30, required=False)


DEFAULTS = {"job_function_level": JobFunctionLevel.STAFF}

# The salary columns: what an empty cell means, and the columns that plan a term, not the employee.
TERM_DEFAULTS = {
    "salary_type": SalaryType.MONTHLY,
    "annual_salary": Decimal("0"),
    "employment_percentage": Decimal("100"),
}
TERM_COLUMNS = [*SALARY_TERM_FIELDS, "salary_valid_from"]


@dataclass
class RowResult:
    row_number: int
    values: dict
    errors: dict[str, list[str]] = field(default_factory=dict)
    action: str = ""  # "create", "update" or "unchanged"
    changed_fields: list[str] = field(default_factory=list)
    employee: Employee | None = None  # the employee as the row would leave it (unsaved)
    department_name: str | None = None  # None when the file has no department column
    term_columns: dict = field(default_factory=dict)  # the row's salary cells, as given
    term_change: TermChange | None = None  # the salary term the row writes
    module_changes: list[str] = field(default_factory=list)  # what the modules' columns write

    def labelled_errors(self) -> list[tuple[str, str, list[str]]]:
        """(label, column, messages) per field with errors: "Row 3, Last name (last_name)"."""
        return [(column_label(name), name, messages) for name, messages in self.errors.items()]


@dataclass
class ImportPlan:
    rows: list[RowResult]
    # What each module's columns write: [(ImportColumns, planned)].
    module_writes: list[tuple[ImportColumns, object]] = field(default_factory=list)

    @property
    def errors(self) -> list[RowResult]:
        return [row for row in self.rows if row.errors]

    @property
    def is_valid(self) -> bool:
        return bool(self.rows) and not self.errors

    def rows_errors_first(self) -> list[RowResult]:
        return sorted(self.rows, key=lambda row: not row.errors)

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)


def _cell_text(value) -> str | object:
    if value is None:
        return ""
    if hasattr(value, "date") and callable(value.date):  # a datetime from a spreadsheet
        return value.date().isoformat()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _xlsx_rows(content: bytes, max_rows: int = MAX_ROWS) -> Iterator[tuple]:
    """The first sheet's rows, read lazily and never wider than its header."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except zipfile.BadZipFile as broken:
        raise ImportFileError(_("The file is not a readable XLSX workbook.")) from broken
    # zipfile never inflates a member past its declared size, so the declared sizes bound
    # what parsing can cost: a small file inflating to gigabytes is refused before it starts.
    if unpacked > MAX_XLSX_UNPACKED_BYTES:
        raise ImportFileError(
            _("The workbook unpacks to more than %(max)s MB; save a smaller file.")
            % {"max": MAX_XLSX_UNPACKED_BYTES // (1024 * 1024)}
        )
    book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    try:
        sheet = book.worksheets[0]
        # The declared dimension (A1:XFD1048576 in a bomb) would make openpyxl pad every row.
        sheet.reset_dimensions()
        header = next(sheet.iter_rows(max_row=1, max_col=MAX_COLUMNS, values_only=True), ())
        width = max((index + 1 for index, cell in enumerate(header) if cell not in (None, "")), default=1)
        yield header[:width]
        # One row past the limit is read, so a longer file is refused without reading the rest.
        yield from sheet.iter_rows(min_row=2, max_row=max_rows + 2, max_col=width, values_only=True)
    finally:
        book.close()


def _csv_text(content: bytes) -> str:
    if content.startswith(b"PK\x03\x04"):
        raise ImportFileError(_("The file is an XLSX workbook: give it the .xlsx extension."))
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings = ["utf-16"]
    else:
        encodings = ["utf-8-sig", "cp1252"]
    for encoding in encodings:
        try:
            text = content.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text:  # a NUL means a binary file (an image, a workbook) named .csv
            return text
    raise ImportFileError(_("The file is not a CSV text file."))


def _csv_rows(content: bytes) -> Iterator[list[str]]:
    text = _csv_text(content)
    header_line = text.split("\n", 1)[0]
    # Spreadsheets in nb/nl/de locales save CSV with semicolons; take what the header uses.
    delimiter = max(",;\t", key=header_line.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        yield from reader
    except csv.Error as broken:  # a field over the csv module's limit, a stray quote
        message = _("Line %(line)s of the file cannot be read as CSV (a value may be too long).")
        raise ImportFileError(message % {"line": reader.line_num}) from broken


def read_rows(
    *, file_name: str, content: bytes, organization: Organization | None = None, columns: list | None = None
) -> list[dict[str, str]]:
    """The file's rows as dicts keyed by lower-case column name; the modules' columns (those
    given, or those on for the organization) are known as well (without an organization:
    the master data only).

    Any error while reading, however deep in the parser, becomes an ImportFileError.
    """
    known = EMPLOYEE_FIELDS if organization is None else import_fields(organization=organization, columns=columns)
    return list(
        iter_records(file_name=file_name, content=content, required=REQUIRED_COLUMNS, known=known, max_rows=MAX_ROWS)
    )


def iter_records(
    *, file_name: str, content: bytes, required: Iterable[str], known: Iterable[str], max_rows: int
) -> Iterator[dict[str, str]]:
    """The safe reading of a CSV or XLSX file for any importer: its non-empty rows, lazily, as
    dicts keyed by lower-case column name, the header checked against the required and known
    columns, at most max_rows rows. Every error while reading becomes an ImportFileError."""
    name = file_name.lower()
    if name.endswith(".xlsx"):
        source, unreadable = _xlsx_rows(content, max_rows), _("The file is not a readable XLSX workbook.")
    elif name.endswith(".csv"):
        source, unreadable = _csv_rows(content), _("The file is not a CSV text file.")
    else:
        raise ImportFileError(_("Upload a .csv or .xlsx file."))
    try:
        yield from _rows_with_header(source, required=list(required), known=list(known), max_rows=max_rows)
    except ImportFileError:
        raise
    except Exception as broken:  # openpyxl and its XML parser raise many types for a damaged file
        raise ImportFileError(unreadable) from broken


def _rows_with_header(source: Iterable, *, required: list[str], known: list[str], max_rows: int) -> Iterator[dict]:
    header = None
    count = 0
    for raw in source:
        cells = [_cell_text(cell) for cell in raw]
        if not any(cells):
            continue
        if header is None:
            header = [str(cell).strip().lower() for cell in cells]
            _check_header(header, required=required, known=known)
            continue
        if count == max_rows:
            raise ImportFileError(_("A file may hold at most %(max)s rows.") % {"max": max_rows})
        count += 1
        yield dict(zip(header, [*cells, *[""] * (len(header) - len(cells))], strict=False))
    if header is None:
        raise ImportFileError(_("The file is empty."))


def _check_header(header: list[str], *, required: list[str], known: list[str]) -> None:
    missing = [column for column in required if column not in header]
    if missing:
        raise ImportFileError(_("The header row lacks the column(s): %(columns)s.") % {"columns": ", ".join(missing)})
    unknown = [column for column in header if column and column not in known]
    if unknown:
        raise ImportFileError(_("Unknown column(s): %(columns)s.") % {"columns": ", ".join(unknown)})


def plan_import(
    *, organization: Organization, file_name: str, content: bytes, rights: frozenset[str] | None = None
) -> ImportPlan:
    """Validate every row against the organization's current data; saves nothing. `rights`:
    the importing user's, which decide the modules' columns they may import."""
    columns = module_columns(organization, rights)
    raw_rows = read_rows(file_name=file_name, content=content, organization=organization, columns=columns)
    department_list = list(Department.objects.filter(organization=organization))
    departments = {d.name.lower(): d for d in department_list}
    by_id = {d.id: d for d in department_list}
    existing = {}
    for employee in Employee.objects.filter(organization=organization):
        # Validation reads the organization (national ids) and the department of every row:
        # hand it the objects already loaded, so planning costs the same for 5 rows and 10,000.
        employee.organization = organization
        employee.department = by_id.get(employee.department_id)
        existing[employee.number] = employee
    seen_numbers: dict[str, int] = {}
    results = []
    for row_number, raw in enumerate(raw_rows, start=2):  # row 1 is the header
        result = RowResult(row_number=row_number, values=raw)
        results.append(result)
        form = EmployeeRowForm(data=raw)
        if not form.is_valid():
            result.errors = {name: list(errors) for name, errors in form.errors.items()}
            continue
        values = {name: value for name, value in form.cleaned_data.items() if name in raw}
        number = values["number"]
        if number in seen_numbers:
            message = _("Employee number %(number)s is already used in row %(row)s.")
            result.errors["number"] = [message % {"number": number, "row": seen_numbers[number]}]
            continue
        seen_numbers[number] = row_number
        _plan_row(result, values, organization, existing.get(number), departments)
    plan = ImportPlan(rows=results)
    _plan_terms(plan, organization)
    _plan_module_columns(plan, organization, columns)
    return plan


def _plan_module_columns(plan: ImportPlan, organization: Organization, module_columns: list[ImportColumns]) -> None:
    for columns in module_columns:
        rows = [
            (row, {name: row.values[name] for name in columns.labels if name in row.values})
            for row in plan.rows
            if row.employee is not None and not row.errors
        ]
        planned = columns.plan(organization=organization, rows=rows)
        plan.module_writes.append((columns, planned))
        for row, _cells in rows:
            if row.module_changes and row.action == "unchanged":
                row.action = "update"


def _plan_row(result: RowResult, values: dict, organization, employee: Employee | None, departments: dict) -> None:
    result.department_name = values.pop("department", None)
    result.term_columns = {name: values.pop(name) for name in TERM_COLUMNS if name in values}
    if employee is None:
        candidate = Employee(organization=organization, **DEFAULTS)
        before = {}
    else:
        candidate = employee
        before = {name: getattr(employee, name) for name in [*values, "department_id"]}
    for name, value in values.items():
        setattr(candidate, name, DEFAULTS[name] if value in (None, "") and name in DEFAULTS else value)
    if result.department_name is not None:
        # A department the organization does not have yet is created when the import is applied.
        candidate.department = departments.get(result.department_name.lower())
    try:
        # Foreign keys and uniqueness are settled by the import itself: skip their queries.
        candidate.full_clean(
            exclude=["organization", "department", "user"], validate_unique=False, validate_constraints=False
        )
    except ValidationError as invalid:
        result.errors = invalid.message_dict
        return
    result.employee = candidate
    if employee is None:
        result.action = "create"
        return
    result.changed_fields = [name for name in values if before[name] != getattr(candidate, name)]
    new_department = candidate.department_id if candidate.department_id or not result.department_name else "new"
    if result.department_name is not None and before["department_id"] != new_department:
        result.changed_fields.append("department")
    result.action = "update" if result.changed_fields else "unchanged"


def _plan_terms(plan: ImportPlan, organization: Organization) -> None:
    """The salary term each valid row writes: a new employee's first term from the employment
    start, otherwise a new term from salary_valid_from (default: today) when the row's salary
    cells differ from the term in force then. Columns the file lacks keep the term's value.
    ONE query for the terms of the organization."""
    timelines = terms_for_period(organization=organization, start=date.min, end=date.max)
    today = organization.today()
    for row in plan.rows:
        if row.employee is None or row.errors:
            continue
        cells = dict(row.term_columns)
        valid_from = cells.pop("salary_valid_from", None)
        if row.action == "create":
            valid_from, in_force, values = valid_from or row.employee.employment_start, None, dict(TERM_DEFAULTS)
        else:
            valid_from = valid_from or today
            timeline = timelines.get(row.employee.pk)
            in_force = timeline.on(valid_from) if timeline else None
            values = {name: getattr(in_force, name) for name in SALARY_TERM_FIELDS} if in_force else {}
        values.update(
            {name: TERM_DEFAULTS.get(name) if value in (None, "") else value for name, value in cells.items()}
        )
        try:
            row.term_change = term_change(
                employee=row.employee, valid_from=valid_from, values=values, in_force=in_force
            )
        except ValidationError as invalid:
            row.errors = salary_field_errors(invalid)
            continue
        if row.term_change is not None and row.action == "unchanged":
            row.action = "update"


def employee_import_create(
    *, organization: Organization, actor: User, file_name: str, content: bytes
) -> EmployeeImport:
    """Keep an uploaded file for preview. Raises ImportFileError when it cannot be read at all."""
    columns = module_columns(organization, rights_for(actor, organization))
    read_rows(file_name=file_name, content=content, organization=organization, columns=columns)
    return EmployeeImport.objects.create(
        organization=organization, uploaded_by=actor, file_name=file_name, content=content
    )


def employee_import_apply(*, employee_import: EmployeeImport, actor: User, request=None) -> EmployeeImport:
    """Apply a previewed import. Idempotent: an import already applied is returned unchanged."""
    try:
        with transaction.atomic():
            return _apply(employee_import=employee_import, actor=actor, request=request)
    except IntegrityError as clash:  # another write (an edit form, say) took a number meanwhile
        message = _("The employees changed while the file was imported; nothing was imported. Try again.")
        raise ValidationError(message) from clash


def _apply(*, employee_import: EmployeeImport, actor: User, request) -> EmployeeImport:
    employee_import = EmployeeImport.objects.select_for_update().get(pk=employee_import.pk)
    if employee_import.status == EmployeeImport.Status.APPLIED:
        return employee_import
    # One import at a time per organization: two uploads of one file applied at once would
    # otherwise both create the same employee numbers and departments.
    organization = Organization.objects.select_for_update().get(pk=employee_import.organization_id)
    # Planned again under the lock: the data may have changed since the preview.
    try:
        plan = plan_import(
            organization=organization,
            file_name=employee_import.file_name,
            content=bytes(employee_import.content),
            rights=rights_for(actor, organization),
        )
    except ImportFileError as refused:  # a module's columns this user may not import (or now off)
        raise ValidationError(str(refused)) from refused
    if not plan.is_valid:
        raise ValidationError(_("The file has rows with errors; nothing was imported."))

    departments = {d.name.lower(): d for d in Department.objects.filter(organization=organization)}
    new_departments = {}
    for row in plan.rows:
        name = row.department_name
        if name and name.lower() not in departments:
            new_departments.setdefault(name.lower(), Department(organization=organization, name=name))
    # All new departments in one statement.
    for department in bulk_create_with_history(list(new_departments.values()), Department, default_user=actor):
        departments[department.name.lower()] = department
    for row in plan.rows:
        if row.department_name:
            row.employee.department = departments[row.department_name.lower()]

    # Stored end dates before the writes: a new or changed one then takes the End action's rule.
    previous_ends = dict(Employee.objects.filter(organization=organization).values_list("id", "employment_end"))
    to_create = [row.employee for row in plan.rows if row.action == "create"]
    to_update = [row.employee for row in plan.rows if row.action == "update"]
    changed = sorted({name for row in plan.rows for name in row.changed_fields})
    bulk_create_with_history(to_create, Employee, batch_size=1000, default_user=actor)
    if changed:
        edited = [row.employee for row in plan.rows if row.changed_fields]
        bulk_update_with_history(edited, Employee, changed, batch_size=1000, default_user=actor)
    salary_terms_write(changes=[row.term_change for row in plan.rows if row.term_change], actor=actor)
    for columns, planned in plan.module_writes:
        columns.apply(planned=planned, actor=actor)
    for row in plan.rows:
        if "employment_start" in row.changed_fields:
            employment_start_follow(employee=row.employee)

    for employee in [*to_create, *to_update]:
        employment_end_follow(
            employee=employee, previous_end=previous_ends.get(employee.id), actor=actor, request=request
        )

    employee_import.status = EmployeeImport.Status.APPLIED
    employee_import.applied_at = timezone.now()
    employee_import.summary = {
        "created": len(to_create),
        "updated": len(to_update),
        "unchanged": plan.count("unchanged"),
    }
    employee_import.save(update_fields=["status", "applied_at", "summary"])
    audit_record(
        action=AuditAction.IMPORT_APPLIED,
        actor=actor,
        request=request,
        organization=organization,
        subject=employee_import.file_name,
        **employee_import.summary,
    )
    return employee_import


# The template's sample row. Its number is the organization's next free one, so a file
# uploaded unchanged adds a sample employee instead of renaming a real one.
TEMPLATE_EXAMPLE = {
    "first_name": "Sample",
    "last_name": "Employee",
    "email": "sample.employee@example.com",
    "birth_date": "1985-04-12",
    "department": "Finance",
    "job_title": "Accountant",
    "job_function_level": "staff",
    "employment_start": "2020-01-01",
    "salary_type": "monthly",
    "annual_salary": "650000.00",
    "employment_percentage": "100",
    "city": "Bergen",
}


def template_row(*, organization: Organization, rights: frozenset[str] | None = None) -> list[str]:
    from hrsuite.selectors import next_employee_number

    values = {**TEMPLATE_EXAMPLE, "number": next_employee_number(organization=organization)}
    return [values.get(name, "") for name in import_fields(organization=organization, rights=rights)]


def template_csv(*, organization: Organization, rights: frozenset[str] | None = None) -> str:
    return csv_text(
        header=import_fields(organization=organization, rights=rights),
        rows=[template_row(organization=organization, rights=rights)],
    )


def column_help(*, organization: Organization, rights: frozenset[str] | None = None) -> dict:
    """Each column's explanation on the upload page, the modules' columns included."""
    return {
        **COLUMN_HELP,
        **{name: text for columns in module_columns(organization, rights) for name, text in columns.help.items()},
    }


def column_label(name: str) -> str:
    """The column as the reader knows it from the form ("Last name"), for error messages."""
    if name == "salary_valid_from":
        return str(_("Salary change valid from"))
    for columns in module_columns():
        if name in columns.labels:
            return str(columns.labels[name])
    for model in (Employee, SalaryTerm):
        try:
            return capfirst(str(model._meta.get_field(name).verbose_name))
        except FieldDoesNotExist:
            continue
    return name


COLUMN_HELP = {
    "employment_start": gettext_lazy("Required. YYYY-MM-DD or DD.MM.YYYY."),
    "department": gettext_lazy("Department name; a new name creates the department."),
    "job_function_level": gettext_lazy("One of: staff, skilled, middle_management, senior_management, trainee."),
    "salary_type": gettext_lazy("monthly or hourly."),
    "annual_salary": gettext_lazy("For monthly-paid employees."),
    "hourly_wage": gettext_lazy("For hourly-paid employees."),
    "number": gettext_lazy(
        "Required. The key: a row with an existing number updates that employee. The template's sample "
        "row has the next free number: replace it with your employees' rows."
    ),
    "salary_valid_from": gettext_lazy(
        "The date a change of the salary columns takes effect: a new salary term from then, the earlier "
        "ones stay. Default: today; for a new employee, the employment start."
    ),
}

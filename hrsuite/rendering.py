from django.core.exceptions import ValidationError
from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    """Forms render with the product's own field markup: label, widget, help, inline errors."""

    form_template_name = "partials/form.html"
    field_template_name = "partials/field.html"


def apply_validation_error(form, error: ValidationError) -> None:
    """Show a service's refusal on the form: a field's errors beside that field, everything
    else (errors of fields the form does not have, or of no field) above the form."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def message_from(error: ValidationError) -> str:
    """A service's refusal as one message, for views without a form to show it on."""
    return " ".join(error.messages)

from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    """Forms render with the product's own field markup: label, widget, help, inline errors."""

    form_template_name = "partials/form.html"
    field_template_name = "partials/field.html"

"""OpenAPI schema additions: the values a filter accepts (a django-filter
extension of drf-spectacular) and the refusals every operation may answer (a
post-processing hook)."""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from django_filters import filters
from drf_spectacular.contrib.django_filters import DjangoFilterExtension

from accounts.access import ScopedQuerySet

# Answers any operation may give, whatever its view: refused (not logged in,
# no permission, second factor missing), not found (a record outside the
# caller's scope, a page past the end) or throttled.
_REFUSALS = {
    "403": _("Not logged in, or not allowed."),
    "404": _("Not found, or not visible to you."),
    "429": _("Too many requests; try again later."),
}
# Writes may also be refused for their content.
_WRITE_REFUSALS = {"400": _("The request's content is not valid.")}
# Reads that take filters refuse a value a filter does not accept.
_FILTER_REFUSALS = {"400": _("A filter's value is not valid.")}
# Every filter reads its value through a Django form field, and those refuse
# a NUL character (PostgreSQL could not store or compare it).
_NO_NUL = "^[^\\x00]*$"
# Query parameters that page through a list rather than filter it (a page
# past the end answers 404).
_PAGING_PARAMETERS = {"page", "page_size", "cursor"}


class OfferedChoicesFilterExtension(DjangoFilterExtension):
    """django-filter fields as drf-spectacular reads them, plus the values a
    choice filter accepts when they come from the database (reference codes,
    funds, statuses): an enum rather than any string or number, so that a
    client knows them and a value outside them is not schema-valid.

    These are the options the filter form renders on the page to anyone, so
    listing them discloses nothing; rows of a scoped model (owned by a country
    or organisation) and users are never listed."""

    priority = 1

    def resolve_filter_field(
        self, auto_schema, model, filterset_class, field_name, filter_field
    ):
        parameters = super().resolve_filter_field(
            auto_schema, model, filterset_class, field_name, filter_field
        )
        values = _offered_values(filter_field)
        if values:
            for parameter in parameters:
                schema = parameter["schema"]
                if schema.get("type") == "array":
                    schema = schema["items"]
                schema["enum"] = sorted(values, key=str)
                schema.pop("nullable", None)
        return parameters


def _offered_values(filter_field) -> list | None:
    """The values ``filter_field`` accepts when the database decides them, or
    None when drf-spectacular's reading is already complete."""
    # Model choice filters are choice filters too: test them first.
    if isinstance(
        filter_field, filters.ModelChoiceFilter | filters.ModelMultipleChoiceFilter
    ):
        queryset = filter_field.queryset
        if (
            queryset is None
            or callable(queryset)
            or isinstance(queryset, ScopedQuerySet)
            or issubclass(queryset.model, get_user_model())
        ):
            return None
        to_field = filter_field.extra.get("to_field_name") or "pk"
        return list(queryset.order_by(to_field).values_list(to_field, flat=True))
    if isinstance(filter_field, filters.ChoiceFilter | filters.MultipleChoiceFilter):
        choices = filter_field.extra.get("choices")
        if callable(choices):
            return [value for value, _label in choices() if value != ""]
    return None


def document_refusals(result, generator, request, public):
    """Add the refusals every endpoint can answer to every operation, so that
    clients (and schemathesis) know them."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault(
        "Refusal",
        {
            "type": "object",
            "properties": {"detail": {"type": "string"}},
            "required": ["detail"],
        },
    )
    for path in result.get("paths", {}).values():
        for method, operation in path.items():
            _refuse_nul_in_query_strings(operation)
            responses = operation.setdefault("responses", {})
            refusals = dict(_REFUSALS)
            if method in ("post", "put", "patch"):
                refusals.update(_WRITE_REFUSALS)
            elif _takes_filters(operation):
                refusals.update(_FILTER_REFUSALS)
            for status, description in refusals.items():
                responses.setdefault(
                    status,
                    {
                        "description": str(description),
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/Refusal"}
                                if status != "400"
                                else {"type": "object"}
                            }
                        },
                    },
                )
    return result


def _takes_filters(operation) -> bool:
    return any(
        parameter.get("in") == "query"
        and parameter.get("name") not in _PAGING_PARAMETERS
        for parameter in operation.get("parameters", [])
    )


def _refuse_nul_in_query_strings(operation) -> None:
    for parameter in operation.get("parameters", []):
        if parameter.get("in") != "query":
            continue
        schema = parameter.get("schema", {})
        if schema.get("type") == "array":
            schema = schema.get("items", {})
        if schema.get("type") == "string" and not (
            {"enum", "format", "pattern"} & schema.keys()
        ):
            schema["pattern"] = _NO_NUL

"""OpenAPI schema additions (a drf-spectacular post-processing hook)."""

from django.utils.translation import gettext_lazy as _

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
            responses = operation.setdefault("responses", {})
            refusals = dict(_REFUSALS)
            if method in ("post", "put", "patch"):
                refusals.update(_WRITE_REFUSALS)
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

"""Serializer fields every area's API shares."""

from rest_framework import serializers


class CodeField(serializers.SlugRelatedField):
    """A row named by a code (a reference code, a fund code, an ISO code).

    A code with a NUL character names nothing, and PostgreSQL refuses even to
    look it up (a server error), so it is refused like any unknown code."""

    def to_internal_value(self, data):
        if isinstance(data, str) and "\x00" in data:
            self.fail("does_not_exist", slug_name=self.slug_field, value=data)
        return super().to_internal_value(data)

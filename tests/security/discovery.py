"""Every URL pattern of the project, found through Django's resolver.

The walk descends into every ``include()`` (app URLs, the i18n-prefixed
patterns, the DRF routers' patterns, the admin's), so a page or endpoint
added anywhere shows up here the day it is added.
"""

from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver


@dataclass(frozen=True)
class Endpoint:
    """One URL pattern: its full name (``namespace:name``), its route as
    written, and the names of the arguments it needs."""

    name: str
    route: str
    arguments: tuple[str, ...]

    @property
    def key(self) -> str:
        return self.name or self.route


def _arguments(pattern) -> tuple[str, ...]:
    regex = pattern.pattern.regex
    return tuple(sorted(regex.groupindex))


def discover_endpoints() -> list[Endpoint]:
    """Every endpoint, once per name (the DRF format-suffix twins, which take
    a ``format`` argument, answer as their plain pattern and are left out)."""
    found: dict[str, Endpoint] = {}

    def walk(patterns, namespaces, prefix, prefix_arguments):
        for entry in patterns:
            route = prefix + str(entry.pattern)
            arguments = prefix_arguments + _arguments(entry)
            if isinstance(entry, URLResolver):
                namespace = entry.namespace
                walk(
                    entry.url_patterns,
                    namespaces + ([namespace] if namespace else []),
                    route,
                    arguments,
                )
                continue
            assert isinstance(entry, URLPattern)
            if "format" in arguments:
                continue
            name = ":".join([*namespaces, entry.name]) if entry.name else ""
            endpoint = Endpoint(name=name, route=route, arguments=tuple(arguments))
            found.setdefault(endpoint.key, endpoint)

    walk(get_resolver().url_patterns, [], "", ())
    return sorted(found.values(), key=lambda endpoint: endpoint.key)

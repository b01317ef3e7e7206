from .fixtures import reference_data  # noqa: F401  (shared with tests/accounts)

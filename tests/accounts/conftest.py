from tests.reference.fixtures import reference_data  # noqa: F401

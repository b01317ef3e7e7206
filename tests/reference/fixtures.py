"""The real reference data, loaded once per test module.

Loading every codelist takes a few tenths of a second; doing it once per
module inside a transaction that is rolled back afterwards keeps the tests
fast and leaves the database as it was. Each test still runs in its own
savepoint (pytest-django's ``db``), so what a test changes is undone.
"""

import pytest
from django.db import transaction

from accounts.loading import load_member_states
from reference.loading import load_codelists


@pytest.fixture(scope="module")
def reference_data(django_db_setup, django_db_blocker):
    """The results of loading the codelists and the member states."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        results = load_codelists()
        results.append(load_member_states())
    yield {result.label: result for result in results}
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)

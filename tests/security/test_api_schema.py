"""The OpenAPI schema says what the API accepts and answers: the values of
choice filters (from the database when it decides them), the 400 of a
refused filter value, and JSON for any URL under /api/ that names nothing."""

import pytest
from django.test import Client

from funds.models import Fund
from tests.cooperation.factories import load_reference_codes
from tests.funds.factories import FundFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(jamaica, mexico):
    load_reference_codes()
    FundFactory(code="dcf")
    return Client().get("/api/schema/", headers={"accept": "application/json"}).json()


def parameter(schema, path, name):
    operation = schema["paths"][path]["get"]
    (found,) = [p for p in operation["parameters"] if p["name"] == name]
    return found["schema"]


def test_code_filters_list_the_codes_they_accept(schema):
    country = parameter(schema, "/api/v1/offers/", "country")
    sdg = parameter(schema, "/api/v1/demands/", "sdg")

    assert country["items"]["enum"] == ["JAM", "MEX"]
    assert sdg["items"]["enum"] == sorted(map(str, range(1, 18)), key=str)


def test_a_status_from_the_codelist_and_a_fund_by_id_are_enums(schema):
    status = parameter(schema, "/api/v1/activities/", "status")
    fund = parameter(schema, "/api/v1/fund-cycles/", "fund")

    assert status["enum"] == ["1", "2", "3", "4", "5", "6"]
    assert fund == {"type": "integer", "enum": [Fund.objects.get(code="dcf").pk]}


def test_numbers_are_bounded_and_strings_refuse_nul(schema):
    assert parameter(schema, "/api/v1/activities/", "year") == {
        "type": "integer",
        "minimum": 1,
        "maximum": 9999,
    }
    assert parameter(schema, "/api/v1/matches/", "offer")["type"] == "integer"
    assert parameter(schema, "/api/v1/good-practices/", "tag")["pattern"] == (
        "^[^\\x00]*$"
    )


def test_reads_that_take_filters_document_their_400(schema):
    assert "400" in schema["paths"]["/api/v1/activities/"]["get"]["responses"]
    # Nothing to refuse in a read by id.
    assert "400" not in schema["paths"]["/api/v1/offers/{id}/"]["get"]["responses"]


def test_an_api_url_that_names_nothing_answers_json():
    response = Client().get("/api/v1/funds/a.b/balances/")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Not found."}
    # Pages keep their HTML page.
    assert "text/html" in Client().get("/no-such-page/")["Content-Type"]

"""The reference lists in the admin: searchable, never edited there."""

import pytest
from django.urls import reverse

from reference.models import Sector

pytestmark = pytest.mark.django_db


def test_admin_finds_a_sector_by_spanish_name(reference_data, client, admin_user):
    client.force_login(admin_user)

    response = client.get(
        reverse("admin:reference_sector_changelist"), {"q": "educación primaria"}
    )

    assert response.status_code == 200
    codes = {sector.code for sector in response.context["cl"].result_list}
    assert codes == {
        "11220",
        "11232",
    }  # 11232: "Equivalente a la educación primaria para adultos"


def test_admin_finds_a_currency_by_code(reference_data, client, admin_user):
    client.force_login(admin_user)

    response = client.get(reverse("admin:reference_currency_changelist"), {"q": "JMD"})

    assert [c.code for c in response.context["cl"].result_list] == ["JMD"]


def test_admin_offers_no_way_to_change_a_code(reference_data, client, admin_user):
    client.force_login(admin_user)
    sector = Sector.objects.get(code="11220")

    add = client.get(reverse("admin:reference_sector_add"))
    change = client.post(
        reverse("admin:reference_sector_change", args=[sector.pk]),
        {"code": "99999", "name_en": "Changed"},
    )

    assert add.status_code == 403
    assert change.status_code == 403
    sector.refresh_from_db()
    assert sector.name_en == "Primary education"


def test_admin_is_closed_to_a_focal_point(reference_data, client, alice):
    client.force_login(alice)

    response = client.get(reverse("admin:reference_sector_changelist"))

    assert response.status_code == 302

"""Who may change what in funds, as the access matrix found it: fund managers
read every proposal but change none (a proposal is its country's data),
only fund managers set ICR rates, and only those with someone to pledge for
see the pledge form."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from funds.models import Proposal
from funds.services import proposals

from .conftest import make_proposal

pytestmark = pytest.mark.django_db


def test_fund_manager_reads_but_does_not_change_a_countrys_draft(
    client, fund_manager, jamaica_draft
):
    client.force_login(fund_manager)
    pk = jamaica_draft.pk

    assert client.get(reverse("funds:proposal-detail", args=[pk])).status_code == 200
    for name in ("proposal-edit", "proposal-amend", "proposal-attach"):
        assert client.get(reverse(f"funds:{name}", args=[pk])).status_code == 404
    submit = reverse("funds:proposal-action", args=[pk, "submit"])
    assert client.post(submit).status_code == 404
    assert Proposal.objects.get(pk=pk).status == "draft"


def test_fund_manager_may_not_prepare_or_submit_proposals(
    fund_manager, cycle, jamaica, jamaica_draft
):
    with pytest.raises(PermissionDenied):
        make_proposal(fund_manager, cycle, jamaica)
    with pytest.raises(PermissionDenied):
        proposals.submit_proposal(actor=fund_manager, proposal=jamaica_draft)
    with pytest.raises(PermissionDenied):
        proposals.update_draft(
            actor=fund_manager, proposal=jamaica_draft, title="Changed"
        )


def test_staff_and_the_countrys_focal_points_still_change_the_draft(
    client, staff, mona, bob, jamaica_draft
):
    edit = reverse("funds:proposal-edit", args=[jamaica_draft.pk])
    for user, status in ((staff, 200), (mona, 200), (bob, 404)):
        client.force_login(user)
        assert client.get(edit).status_code == status, user


def test_only_fund_managers_reach_the_icr_form(client, alice, fund_manager, dcf):
    url = reverse("funds:fund-set-icr", args=[dcf.code])
    data = {"percent": "7", "valid_from": date(2026, 1, 1), "reason": "CAAP"}

    client.force_login(alice)
    assert client.post(url, data).status_code == 404
    assert not dcf.icr_rates.exists()

    client.force_login(fund_manager)
    assert client.post(url, data).status_code == 302
    assert dcf.icr_rates.get().percent == 7


def test_pledge_form_refused_to_whoever_has_no_one_to_pledge_for(
    client, reviewer, partner, alice
):
    url = reverse("funds:contribution-create")
    client.force_login(reviewer)
    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403
    for user in (alice, partner):
        client.force_login(user)
        assert client.get(url).status_code == 200

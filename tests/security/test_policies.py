"""The policy builders say what docs/security.md says they say."""

from .cases import Case
from .policies import (
    ALLOW,
    LOGIN,
    NOT_FOUND,
    country_record,
    staff_only,
)


def test_a_draft_of_country_a_is_hidden_from_country_b_and_the_public():
    policy = country_record("offers", public_states={"published"})
    draft = Case("draft-A", country="A", state="draft")

    assert policy.expect("focal_a", draft) == ALLOW
    assert policy.expect("mission_a", draft) == ALLOW
    assert policy.expect("staff", draft) == ALLOW
    assert policy.expect("focal_b", draft) == NOT_FOUND
    assert policy.expect("partner", draft) == NOT_FOUND
    assert policy.expect("fund_manager", draft) == NOT_FOUND
    assert policy.expect("anonymous", draft) == NOT_FOUND


def test_a_published_record_of_country_b_is_readable_by_all():
    policy = country_record("offers", public_states={"published"})
    published = Case("published-B", country="B", state="published")

    assert policy.expect("anonymous", published) == ALLOW
    assert policy.expect("focal_a", published) == ALLOW


def test_extra_readers_and_missing_records():
    policy = country_record("proposals", readers={"staff", "admin", "fund_manager"})

    assert policy.expect("fund_manager", Case("x", country="B", state="draft")) == ALLOW
    assert policy.expect("staff", Case("gone", state="missing")) == NOT_FOUND


def test_staff_only_sends_anonymous_to_login():
    assert staff_only().expect("anonymous", Case("-")) == LOGIN

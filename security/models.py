"""Which business records keep an audit history (see ``security.history``).

To track a new model, add one line below and run
``manage.py makemigrations security``.

Not tracked, on purpose: ``funds.LedgerEntry`` (immutable by design: the
model, its queryset and a database trigger refuse every change, and a
correction is a new reversing entry, so the ledger is its own history); the
event logs (``PostingEvent``, ``ProposalEvent``, ``Amendment``,
``GoodPracticeEvent``), which already say who did what; rows written only by
``bulk_create``/``bulk_update`` (budget lines, scores, themes and criteria,
and activities as the IATI import writes them: their history holds the
changes made in the portal, not the imports), which signals never see.
"""

from accounts.models import MemberState, Organisation, RoleMembership, User
from cooperation.models import (
    ActionStep,
    Activity,
    Connection,
    CountryProfile,
    GoodPractice,
    Posting,
)
from funds.models import (
    Contribution,
    ContributionReceipt,
    Fund,
    IcrRate,
    ProgrammingCycle,
    Proposal,
    ReviewerAssignment,
    Tranche,
)

from .history import track

track(MemberState)
track(Organisation)
track(RoleMembership)
# Never keep password hashes in the history; logins are not changes.
track(User, excluded_fields=["password", "last_login"])
track(ActionStep)

# CooperaNet, activities, good practices, country profiles. The search
# vector is derived from the other fields: keeping it is noise.
track(Posting, excluded_fields=["search_vector"])
track(Connection)
track(Activity)
track(GoodPractice)
track(CountryProfile)

# Funds (not LedgerEntry: see above).
track(Fund)
track(ProgrammingCycle)
track(Proposal)
track(ReviewerAssignment)
track(Contribution)
track(ContributionReceipt)
track(IcrRate)
track(Tranche)

"""Which business records keep an audit history (see ``security.history``).

To track a new model, add one line below and run
``manage.py makemigrations security``.
"""

from accounts.models import MemberState, Organisation, RoleMembership, User
from cooperation.models import ActionStep

from .history import track

track(MemberState)
track(Organisation)
track(RoleMembership)
# Never keep password hashes in the history; logins are not changes.
track(User, excluded_fields=["password", "last_login"])
track(ActionStep)

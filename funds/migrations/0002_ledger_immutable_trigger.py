"""The ledger is append-only for every database client, not only Django: a
trigger refuses UPDATE and DELETE of ledger entries."""

from django.db import migrations

FORWARD = """
CREATE FUNCTION funds_ledgerentry_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'ledger entries are immutable: record a reversing entry'
        USING ERRCODE = 'restrict_violation';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER funds_ledgerentry_immutable
    BEFORE UPDATE OR DELETE ON funds_ledgerentry
    FOR EACH ROW EXECUTE FUNCTION funds_ledgerentry_refuse_change();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS funds_ledgerentry_immutable ON funds_ledgerentry;
DROP FUNCTION IF EXISTS funds_ledgerentry_refuse_change();
"""


class Migration(migrations.Migration):
    dependencies = [("funds", "0001_initial")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]

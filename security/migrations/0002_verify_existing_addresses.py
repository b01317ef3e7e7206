"""Accounts that existed before e-mail verification was required keep
working: their addresses were vouched for by the administrators who created
them. Accounts created from now on verify their address themselves."""

from django.db import migrations


def verify_existing_addresses(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    EmailAddress = apps.get_model("account", "EmailAddress")
    known = set(EmailAddress.objects.values_list("user_id", flat=True).distinct())
    EmailAddress.objects.bulk_create(
        [
            EmailAddress(user_id=pk, email=email, verified=True, primary=True)
            for pk, email in User.objects.values_list("pk", "email")
            if pk not in known and email
        ],
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("security", "0001_initial"),
        ("account", "0009_emailaddress_unique_primary_email"),
        ("accounts", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(verify_existing_addresses, migrations.RunPython.noop),
    ]

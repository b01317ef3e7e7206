"""Small IATI documents for the import tests."""

ACTIVITY = """
 <iati-activity default-currency="{currency}" xml:lang="en">
  <iati-identifier>{identifier}</iati-identifier>
  <reporting-org ref="XM-DAC-1" type="10"><narrative>Agency</narrative></reporting-org>
  <title><narrative>Title of {identifier}</narrative></title>
  <participating-org role="1" ref="XM-DAC-1"><narrative>Agency</narrative>
  </participating-org>
  <activity-status code="{status}"/>
  <activity-date iso-date="{start}" type="1"/>
  <recipient-country code="{country}" percentage="{percentage}"/>
  <recipient-country code="MX" percentage="40"/>
  <sector vocabulary="1" code="11110" percentage="100"/>
  <tag vocabulary="2" code="4"/>
  <transaction>
   <transaction-type code="2"/>
   <transaction-date iso-date="2024-01-10"/>
   <value currency="{transaction_currency}" value-date="2024-01-10">1500.5</value>
  </transaction>
 </iati-activity>"""


def activity(identifier="XM-DAC-1-A1", **values) -> str:
    fields = {
        "currency": "USD",
        "status": "2",
        "start": "2024-01-01",
        "country": "JM",
        "percentage": "60",
        "transaction_currency": "USD",
        "identifier": identifier,
    }
    fields.update(values)
    return ACTIVITY.format(**fields)


def document(*activities: str, version="2.03", root="iati-activities") -> str:
    body = "".join(activities)
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<{root} version="{version}">{body}\n</{root}>\n'
    )

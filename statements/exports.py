"""Downloads for editors: endorsement lists as CSV, one person's data as JSON."""

import csv
import json

from django.http import HttpResponse
from django.utils import timezone

from . import endorsements

CSV_COLUMNS = [
    ("statement", lambda e: e.statement.title),
    ("kind", lambda e: e.kind),
    ("name", lambda e: e.name),
    ("organisation", lambda e: e.organisation),
    ("role", lambda e: e.role),
    ("country", lambda e: e.country.code or ""),
    ("email", lambda e: e.email),
    ("comment", lambda e: e.comment),
    ("status", lambda e: e.status),
    ("consent_contact", lambda e: "yes" if e.consent_contact else "no"),
    ("signed", lambda e: e.created_at.isoformat()),
    ("confirmed", lambda e: e.confirmed_at.isoformat() if e.confirmed_at else ""),
]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """Stop a signer's text from running as a formula when the CSV opens in a spreadsheet."""
    value = str(value)
    return "'" + value if value.startswith(FORMULA_START) else value


def endorsements_csv(rows):
    stamp = timezone.now().strftime("%Y%m%d-%H%M")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="endorsements-{stamp}.csv"'
    response["Cache-Control"] = "no-store, private"
    response.write("\ufeff")  # so that spreadsheets read the file as UTF-8
    writer = csv.writer(response)
    writer.writerow([name for name, _value in CSV_COLUMNS])
    for row in rows:
        writer.writerow([spreadsheet_safe(value(row)) for _name, value in CSV_COLUMNS])
    return response


def personal_data_json(emails):
    data = {email: endorsements.personal_data(email) for email in emails}
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False), content_type="application/json"
    )
    response["Content-Disposition"] = 'attachment; filename="personal-data.json"'
    response["Cache-Control"] = "no-store, private"
    return response

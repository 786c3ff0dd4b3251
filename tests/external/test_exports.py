"""The activities and statistics exports of the demo server, read as a spreadsheet program would.

The XLSX must open with `openpyxl` (the reference reader of the format in Python) with the same
header and the same number of rows as the CSV; the French CSV has a UTF-8 byte order mark and `;`;
a mediator's export carries their notes and a coordinator's never does.
"""

import csv
import datetime
import http.cookiejar
import io
import json
import re
import urllib.parse
import urllib.request
import warnings

import openpyxl
import pytest

NOTES = "Notes supplémentaires"


def signed_in(server, role: str):
    """An opener holding the session cookie of the demo account with this role."""
    account = server.account(role)
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    page = browser.open(server.base_url + "/connexion", timeout=30).read().decode()
    token = re.search(r'name="_csrf" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode([("_csrf", token), ("email", account.email), ("password", account.password),
                                   ("suite", "")]).encode()
    with browser.open(urllib.request.Request(server.base_url + "/connexion", data=data, method="POST"), timeout=30) as response:
        assert "/connexion" not in response.geturl(), f"sign-in as {account.email} failed"
    return browser


def download(browser, url: str):
    with browser.open(url, timeout=120) as response:
        return response.status, response.headers, response.read()


def csv_rows(body: bytes, delimiter: str) -> list:
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline=""), delimiter=delimiter))


def xlsx_rows(body: bytes, tmp_path, name: str) -> list:
    path = tmp_path / name
    path.write_bytes(body)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # openpyxl warns about what it had to guess or skip
        workbook = openpyxl.load_workbook(path)
    sheet = workbook.active
    assert sheet.title == "Activités"
    assert all(cell.font.b for cell in sheet[1]), "the header row is bold"
    assert sheet.freeze_panes == "A2"
    return [list(row) for row in sheet.iter_rows(values_only=True)]


@pytest.fixture(scope="module")
def mediator_exports(server, tmp_path_factory):
    browser = signed_in(server, "mediator")
    base = server.base_url + "/activites/export?format="
    return {fmt: download(browser, base + fmt) for fmt in ("xlsx", "csv-fr", "csv")}, tmp_path_factory.mktemp("exports")


def test_mediator_xlsx_opens_with_openpyxl_and_matches_the_csv(mediator_exports):
    exports, folder = mediator_exports
    status, headers, body = exports["xlsx"]
    assert status == 200
    assert headers["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert 'filename="activites.xlsx"' in headers["Content-Disposition"]
    sheet = xlsx_rows(body, folder, "mediateur.xlsx")
    rows = csv_rows(exports["csv"][2], ",")
    assert sheet[0] == rows[0], "same header"
    assert len(sheet) == len(rows), "one row per activity in both"
    assert len(rows) > 100, "the demo mediator has a logbook"
    assert sheet[0][:3] == ["Date", "Heure de début", "Type"]
    for column in ("Durée (min)", "Thématique(s) d’accompagnement", "Matériel numérique utilisé", "Tranche d’âge",
                   "Statut", "Genre", "Propriétaire du matériel", "Façon d’accompagner", NOTES):
        assert column in sheet[0], column
    assert "Médiateur" not in sheet[0], "a mediator's own export does not repeat their name"
    assert all(isinstance(row[0], datetime.datetime) for row in sheet[1:]), "dates are real dates"
    duration = sheet[0].index("Durée (min)")
    assert all(isinstance(row[duration], int) and row[duration] > 0 for row in sheet[1:])
    notes = sheet[0].index(NOTES)
    assert any(row[notes] for row in sheet[1:]), "the mediator's notes are there"


def test_french_csv_has_a_byte_order_mark_and_semicolons(mediator_exports):
    exports, _ = mediator_exports
    status, headers, body = exports["csv-fr"]
    assert status == 200
    assert headers["Content-Type"] == "text/csv; charset=utf-8"
    assert body.startswith(b"\xef\xbb\xbf")
    first_line = body[3:].split(b"\r\n", 1)[0].decode("utf-8")
    assert first_line.startswith("Date;Heure de début;Type;")
    french = csv_rows(body, ";")
    standard = csv_rows(exports["csv"][2], ",")
    assert not exports["csv"][2].startswith(b"\xef\xbb\xbf")
    assert french[0] == standard[0]
    assert len(french) == len(standard)
    assert re.fullmatch(r"\d\d/\d\d/\d{4}", french[1][0]), "French dates"
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", standard[1][0]), "ISO dates"


def test_coordinator_exports_carry_names_and_no_notes(server, mediator_exports, tmp_path):
    exports, _ = mediator_exports
    mine = csv_rows(exports["csv"][2], ",")
    mediator_notes = {row[mine[0].index(NOTES)] for row in mine[1:]} - {""}
    assert mediator_notes

    browser = signed_in(server, "coordinator")
    _, _, xlsx_body = download(browser, server.base_url + "/activites/export?format=xlsx")
    _, _, csv_body = download(browser, server.base_url + "/activites/export?format=csv-fr")
    sheet = xlsx_rows(xlsx_body, tmp_path, "coordination.xlsx")
    rows = csv_rows(csv_body, ";")
    assert sheet[0] == rows[0]
    assert len(sheet) == len(rows) > 1
    assert NOTES not in rows[0]
    assert "Médiateur" in rows[0]
    cells = {str(cell) for row in sheet[1:] for cell in row if cell is not None}
    assert not (cells & mediator_notes), "no note in a coordinator's export"
    assert not any(note in csv_body.decode("utf-8-sig") for note in mediator_notes)


def test_statistics_table_in_french_csv_and_json(server):
    browser = signed_in(server, "coordinator")
    base = server.base_url + "/statistiques/export?table=theme&period=last_12_months&format="
    status, headers, body = download(browser, base + "csv-fr")
    assert status == 200
    assert body.startswith(b"\xef\xbb\xbf")
    assert re.search(r'filename="statistiques-themes-[0-9-]+\.csv"', headers["Content-Disposition"])
    rows = csv_rows(body, ";")
    assert rows[0] == ["Libellé", "Activités", "Personnes", "Heures", "Part (%)"]
    assert len(rows) > 3
    _, _, json_body = download(browser, base + "json")
    table = json.loads(json_body)
    assert [row["label"] for row in table["rows"]] == [row[0] for row in rows[1:]]
    assert [row["activities"] for row in table["rows"]] == [int(row[1]) for row in rows[1:]]

"""Open data of the places, checked with the standard's own validator.

The demo server's /opendata/lieux.csv must be VALID for frictionless against the national schema
(standard-mediation-num v1.0.2, in ../shared/reference), and /opendata/lieux.json must give the
same places.
"""

import csv
import io
import json
import urllib.request
from pathlib import Path

from frictionless import Resource, Schema, system

from conftest import REPO

SCHEMA = REPO.parent / "shared" / "reference" / "standard-mediation-num" / "schema.json"


def download(url: str):
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.status, response.headers, response.read()


def test_places_csv_is_valid_for_the_national_schema(base_url, tmp_path: Path):
    status, headers, body = download(base_url + "/opendata/lieux.csv")
    assert status == 200
    assert headers["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="lieux.csv"' in headers["Content-Disposition"]
    assert not body.startswith(b"\xef\xbb\xbf"), "UTF-8 without byte order mark"
    path = tmp_path / "lieux.csv"
    path.write_bytes(body)

    # Absolute paths are refused unless trusted (frictionless's `--trusted`).
    with system.use_context(trusted=True):
        schema = Schema.from_descriptor(str(SCHEMA))
        report = Resource(path=str(path), schema=schema).validate()
    assert report.valid, report.to_summary()

    rows = list(csv.reader(io.StringIO(body.decode("utf-8"))))
    assert rows[0] == [field.name for field in schema.fields]
    assert len(rows[0]) == 32
    assert len(rows) > 1, "the demo territory has places"


def test_places_json_has_the_same_places(base_url):
    _, _, csv_body = download(base_url + "/opendata/lieux.csv")
    status, headers, json_body = download(base_url + "/opendata/lieux.json")
    assert status == 200
    assert headers["Content-Type"].startswith("application/json")
    places = json.loads(json_body)
    rows = list(csv.DictReader(io.StringIO(csv_body.decode("utf-8"))))
    assert sorted(place["id"] for place in places) == sorted(row["id"] for row in rows)
    by_id = {row["id"]: row for row in rows}
    for place in places:
        row = by_id[place["id"]]
        assert list(place) == list(row), "the standard's fields, in the schema's order"
        for name, value in place.items():
            if isinstance(value, list):
                assert "|".join(value) == row[name], name
            elif value is None:
                assert row[name] == "", name
            elif isinstance(value, (int, float)):
                assert float(row[name]) == value, name
            else:
                assert value == row[name], name

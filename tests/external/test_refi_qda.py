"""The survey's REFI-QDA exchange, checked against the standard's schemas with `xmlschema`.

`tandem export survey --format qdc|qdpx FILE` runs on a demo database of its own (`tandem demo`
in a temporary TANDEM_DATA); the `.qdc` and the `project.qde` inside the `.qdpx` must be valid
against `../shared/reference/refi-qda/` (the clone sits beside `shared/`), every text source the
project names must be in the archive, and a hostile codebook must be refused with one line on
standard error, exit code 1.
"""

import os
import subprocess
import tempfile
import zipfile
from pathlib import Path

import pytest
import xmlschema

from conftest import REPO, tandem_binary

SCHEMAS = REPO.parent / "shared" / "reference" / "refi-qda"
PROJECT_NS = "{urn:QDA-XML:project:1.0}"


@pytest.fixture(scope="module")
def cli():
    """Runs `tandem …` on a demo database made for this module."""
    binary = tandem_binary()
    folder = Path(tempfile.mkdtemp(prefix="tandem-refi-qda-"))
    env = dict(os.environ, TANDEM_DATA=str(folder / "data"))
    env.pop("DATABASE_URL", None)

    def run(*arguments, check=True):
        result = subprocess.run([str(binary), *arguments], cwd=REPO, env=env, capture_output=True, text=True, timeout=600)
        if check:
            assert result.returncode == 0, result.stderr
        return result

    run("demo", "--activities", "500")
    yield run, folder


def test_codebook_is_valid_against_codebook_xsd(cli):
    run, folder = cli
    target = folder / "codes.qdc"
    run("export", "survey", "--format", "qdc", str(target))
    schema = xmlschema.XMLSchema(str(SCHEMAS / "Codebook.xsd"))
    schema.validate(str(target))
    names = [code.get("name") for code in xmlschema.XMLResource(str(target)).root.iter("{urn:QDA-XML:codebook:1.0}Code")]
    assert "Posture" in names and "faire avec" in names


def test_project_is_valid_against_project_xsd_and_holds_its_sources(cli):
    run, folder = cli
    target = folder / "enquete.qdpx"
    run("export", "survey", "--format", "qdpx", str(target))
    with zipfile.ZipFile(target) as archive:
        names = set(archive.namelist())
        assert "project.qde" in names
        project = archive.read("project.qde")
        extracted = folder / "project.qde"
        extracted.write_bytes(project)
        schema = xmlschema.XMLSchema(str(SCHEMAS / "Project-mrt2019.xsd"))
        schema.validate(str(extracted))
        root = xmlschema.XMLResource(str(extracted)).root
        sources = list(root.iter(PROJECT_NS + "TextSource"))
        for source in sources:
            path = source.get("plainTextPath")
            assert path.startswith("internal://")
            member = "sources/" + path[len("internal://"):]
            assert member in names
            text = archive.read(member).decode("utf-8")
            for selection in source.iter(PROJECT_NS + "PlainTextSelection"):
                start, end = int(selection.get("startPosition")), int(selection.get("endPosition"))
                assert 0 <= start < end <= len(text)


def test_answers_csv_goes_to_standard_output(cli):
    run, _ = cli
    result = run("export", "survey", "--format", "csv", "--csv-shape", "wide")
    assert result.stdout.splitlines()[0].startswith("repondant,contexte,poste")


def test_codebook_import_round_trip_and_hostile_file(cli):
    run, folder = cli
    target = folder / "again.qdc"
    run("export", "survey", "--format", "qdc", str(target))
    result = run("import", "codebook", str(target))
    assert "0 code créé" in result.stdout and "inchangés." in result.stdout

    hostile = folder / "lol.qdc"
    hostile.write_text('<?xml version="1.0"?><!DOCTYPE l [<!ENTITY l "lol">]>'
                       '<CodeBook><Codes><Code name="&l;" isCodable="true"/></Codes></CodeBook>', encoding="utf-8")
    refused = run("import", "codebook", str(hostile), check=False)
    assert refused.returncode == 1
    # Vapor also logs the command's error as a warning: the last line is the one for people.
    assert refused.stderr.strip().splitlines()[-1].startswith("tandem : Ce fichier n'est pas un livre de codes REFI-QDA")
    assert "refusée par sécurité" in refused.stderr

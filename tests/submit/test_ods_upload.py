"""An .ods (LibreOffice's OpenDocument spreadsheet) as an upload: checked as an .xlsx is (members
inflated and counted, DOCTYPE refused, the parts that make it one required), and dry-run."""

from __future__ import annotations

import base64

import pytest

from core.home import Home
from etl import extract, ods_xml, upload
from tests.dashboard.conftest import call
from tests.dashboard.support import visible_text
from tests.etl import hostile
from tests.etl import ods_files as odf
from tests.submit.support import Client, audit_actions, dependency, zipped
from warehouse.publish import current


def test_an_ods_and_a_zip_holding_one_reach_the_etl_unchanged() -> None:
    book = odf.spreadsheet(odf.district())
    assert upload.check("khlong_khlung.ods", book) == {"khlong_khlung.ods": book}
    assert (
        extract.read_submission(upload.check("KHLONG_KHLUNG.ODS", book))["clubs"].frame.height == 6
    )
    nested = hostile.zipped_workbook(book, "ส่งข้อมูล/khlong_khlung.ods")
    assert upload.check("6205.zip", nested) == {"6205.zip": nested}


@pytest.mark.parametrize(
    ("name", "make", "english"),
    [
        (
            "khlong_khlung.ods",
            lambda: odf.workbook(odf.district()),
            "not an OpenDocument spreadsheet",
        ),
        (
            "khlong_khlung.ods",
            lambda: zipped({"content.xml": b"<x/>"}),
            "not an OpenDocument spreadsheet",
        ),
        (
            "khlong_khlung.ods",
            lambda: zipped(
                {"content.xml": b"<x/>", "mimetype": b"application/vnd.oasis.opendocument.text"}
            ),
            "not an OpenDocument spreadsheet",
        ),
        (
            "6205.zip",
            lambda: zipped({"khlong_khlung.ods": zipped({"mimetype": ods_xml.MIMETYPE})}),
            "not an OpenDocument spreadsheet",
        ),
        (
            "khlong_khlung.ods",
            lambda: b"PK\x03\x04 not a zip",
            "the file is damaged: not a readable ods",
        ),
        (
            "khlong_khlung.ods",
            lambda: odf.with_doctype(odf.spreadsheet(odf.district())),
            "content.xml: XML declares a DOCTYPE",
        ),
        (
            "khlong_khlung.ods",
            lambda: odf.content(
                odf.spreadsheet(odf.district()), lambda xml: xml + b" " * (upload.MAX_EXPANDED + 1)
            ),
            "expands past 256 MB: a zip bomb",
        ),
        (
            "khlong_khlung.odt",
            lambda: odf.spreadsheet(odf.district()),
            "only an .xlsx or .ods workbook or a .zip of CSV files",
        ),
    ],
)
def test_what_is_no_readable_ods_is_refused(name: str, make, english: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(upload.Refused, match=english):
        upload.check(name, make())


def test_an_ods_dry_runs_and_publishes_nothing(home_copy: Home, client_for: Client) -> None:
    client = client_for("officer6205")
    version = current(home_copy, "62").version
    book = odf.spreadsheet(odf.district())
    response = call(
        client,
        dependency(client, "submit-upload.contents"),
        {
            "submit-upload.contents": "data:application/vnd.oasis.opendocument.spreadsheet;base64,"
            + base64.b64encode(book).decode(),
            "submit-upload.filename": "khlong_khlung.ods",
            "submit-district.value": "6205",
            "submit-state.data": {"lang": "en"},
        },
    )
    assert response.status_code == 200
    text = visible_text(response)
    assert "Dry run (nothing saved yet) · khlong_khlung.ods" in text, text[:1000]
    assert (
        "code unknown to DOPA or not in this district" in text
    )  # the fixture's rows, read and checked
    assert response.json["response"]["submit-token"]["data"]
    assert current(home_copy, "62").version == version
    assert [a for _u, a, _d in audit_actions(home_copy)][-2:] == ["submit_upload", "submit_dry_run"]

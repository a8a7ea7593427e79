"""Costly bad files shared by the tests of the quality check and of the DataStore loads, each
built once a session: a zip bomb, a workbook of a thousand sheets."""
from __future__ import annotations

import functools
import io
import zipfile
from xml.sax.saxutils import escape


@functools.cache
def zip_bomb() -> bytes:
    """An .xlsx-shaped zip whose sheet unpacks to 300 MB of NUL bytes (300 KB deflated)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        # Deflated a megabyte at a time: a 300 MB bytes object costs more than deflating it.
        with z.open("xl/worksheets/sheet1.xml", "w") as sheet:
            chunk = bytes(1 << 20)
            for _ in range(300):
                sheet.write(chunk)
    return out.getvalue()


MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE = "http://schemas.openxmlformats.org/package/2006/relationships"
TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"


def _cell(value) -> str:
    if isinstance(value, str):
        return f'<c t="inlineStr"><is><t>{escape(value)}</t></is></c>'
    return f"<c><v>{value}</v></c>"


@functools.cache
def many_sheets(count: int = 1000) -> bytes:
    """An .xlsx of `count` sheets, each a header and one row. Its XML is written directly:
    openpyxl takes seconds over a thousand sheets (a temporary file each)."""
    sheets = range(1, count + 1)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml",
                   '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                   '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                   '<Default Extension="xml" ContentType="application/xml"/>'
                   f'<Override PartName="/xl/workbook.xml" ContentType="{TYPE}.sheet.main+xml"/>'
                   + "".join(f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="{TYPE}.worksheet+xml"/>'
                             for n in sheets) + "</Types>")
        z.writestr("_rels/.rels", f'<Relationships xmlns="{PACKAGE}"><Relationship Id="rId1" '
                                  f'Type="{RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        z.writestr("xl/workbook.xml", f'<workbook xmlns="{MAIN}" xmlns:r="{RELS}"><sheets>'
                   + "".join(f'<sheet name="s{n - 1}" sheetId="{n}" r:id="rId{n}"/>' for n in sheets)
                   + "</sheets></workbook>")
        z.writestr("xl/_rels/workbook.xml.rels", f'<Relationships xmlns="{PACKAGE}">'
                   + "".join(f'<Relationship Id="rId{n}" Type="{RELS}/worksheet" Target="worksheets/sheet{n}.xml"/>'
                             for n in sheets) + "</Relationships>")
        for n in sheets:
            rows = [["name", "seats", "opened", "region", "lng", "lat"],
                    [f"站点{n - 1}", n - 1, "2021-03-01", "330602", "120.58", "30.01"]]
            z.writestr(f"xl/worksheets/sheet{n}.xml", f'<worksheet xmlns="{MAIN}"><sheetData>'
                       + "".join("<row>" + "".join(map(_cell, row)) + "</row>" for row in rows)
                       + "</sheetData></worksheet>")
    return out.getvalue()

"""catalog_seed/build_seed.py regenerates the committed seed exactly: every cell of every sheet
of catalog.xlsx and every sample file under files/."""
import pathlib
import subprocess
import sys

import pytest
from openpyxl import load_workbook

from ckanext.shaoxing.catalog import layout

ROOT = pathlib.Path(__file__).resolve().parents[2]
SEED = ROOT / "catalog_seed"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> pathlib.Path:
    out = tmp_path_factory.mktemp("seed")
    done = subprocess.run([sys.executable, str(SEED / "build_seed.py"), str(out)], capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("entries 336, resources 602")
    return out


def _cells(path: pathlib.Path) -> dict[str, list[list[tuple]]]:
    book = load_workbook(path)
    return {ws.title: [[(c.value, c.number_format) for c in row] for row in ws.iter_rows()] for ws in book.worksheets}


def test_the_workbook_is_regenerated_cell_for_cell(built):
    committed, rebuilt = _cells(SEED / "catalog.xlsx"), _cells(built / "catalog.xlsx")
    assert list(rebuilt) == list(committed) == list(layout.SHEETS)
    for sheet, columns in layout.SHEETS.items():
        assert [value for value, _ in rebuilt[sheet][0]] == [c.header for c in columns]
        assert len(rebuilt[sheet]) == len(committed[sheet])
        for n, (new, old) in enumerate(zip(rebuilt[sheet], committed[sheet]), 1):
            assert new == old, f"sheet {sheet}, row {n}"


def _files(folder: pathlib.Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_sample_files_are_regenerated_byte_for_byte(built):
    committed, rebuilt = _files(SEED / "files"), _files(built / "files")
    assert len(committed) == 360
    assert sorted(rebuilt) == sorted(committed)
    assert [name for name in committed if rebuilt[name] != committed[name]] == []


def test_every_file_resource_of_the_workbook_is_there(built):
    book = load_workbook(built / "catalog.xlsx", read_only=True)
    urls = [row[4] for row in book[layout.RESOURCES].iter_rows(min_row=2, values_only=True) if row[2] == "文件下载"]
    assert sorted(urls) == sorted(f"files/{name}" for name in _files(built / "files"))


def test_building_leaves_nothing_else_in_the_seed_folder(built):
    # A stray __pycache__ would change the folder's checksum and reload the seed at make run.
    assert not list(SEED.rglob("__pycache__"))

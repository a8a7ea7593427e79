"""Third-party files the portal serves itself: each is the file its SOURCE.md names, with its
licence beside it, and is shipped in the package."""
import hashlib
import pathlib
import re

import pytest

VENDOR = pathlib.Path(__file__).parents[1] / "ckanext-shaoxing/ckanext/shaoxing/public/shaoxing/vendor"


@pytest.mark.parametrize("folder", sorted(p.name for p in VENDOR.iterdir() if p.is_dir()))
def test_vendored_file_matches_its_source_note(folder):
    source = (VENDOR / folder / "SOURCE.md").read_text("utf-8")
    assert (VENDOR / folder / "LICENSE").is_file()
    checked = re.findall(r"sha256 of `([^`]+)`: `([0-9a-f]{64})`", source)
    assert checked, "SOURCE.md names no file with its sha256"
    for name, digest in checked:
        assert hashlib.sha256((VENDOR / folder / name).read_bytes()).hexdigest() == digest, name

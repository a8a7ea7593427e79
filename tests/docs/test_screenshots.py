"""The user guide's screenshots are committed and taken by the browser tests: every picture the
guide shows is taken by some shot(...) call, and every picture taken is shown (none goes stale
unseen)."""
import re

from tests.conftest import ROOT

GUIDE = ROOT / "docs" / "user"


def test_every_screenshot_is_taken_by_a_browser_test_and_shown_by_the_guide():
    shown = {m for page in GUIDE.glob("*.md") for m in re.findall(r"\]\(img/([\w-]+)\.png\)", page.read_text("utf-8"))}
    taken = {m for test in (ROOT / "tests" / "e2e").glob("test_*.py")
             for m in re.findall(r"shot\(\w+, \"([\w-]+)\"", test.read_text("utf-8"))}
    committed = {p.stem for p in (GUIDE / "img").glob("*.png")}
    assert len(shown) >= 10
    assert shown - taken == set(), "shown in the guide, taken by no browser test"
    assert taken - committed == set(), "taken by a test, not committed: run make docs-shots"
    assert committed - taken == set(), "committed, taken by no test any more"
    assert taken - shown == set(), "taken for the guide, shown nowhere"

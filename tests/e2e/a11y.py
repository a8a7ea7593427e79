"""axe-core, as npm publishes it (devstack/install.sh --browser puts the pinned version into the
git-ignored tools folder), run on a Playwright page: the WCAG 2.1 A and AA rules plus axe's
best-practice rules that run by default (landmarks, region, heading order). One definition of what
"accessible" means for every browser test."""
from __future__ import annotations

import functools

from tests.conftest import ROOT

AXE = ROOT / ".devstack/tools/node_modules/axe-core/axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


@functools.cache
def _source() -> str:
    if not AXE.exists():
        raise RuntimeError(f"axe-core is not installed ({AXE}): run devstack/install.sh --browser")
    return AXE.read_text(encoding="utf-8")


def violations(page, context: str | None = None) -> list[dict]:
    """axe-core's violations on `page` (the whole document, or the elements of selector `context`),
    each as {id, impact, help, targets}. The rules run on the page as it is now: wait for what
    the page loads after the fact (a preview, a chart) before calling."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=_source())
    found = page.evaluate(
        """([context, tags]) => axe.run(context ? document.querySelectorAll(context) : document,
                                        {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})
                                  .then(r => r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                                                     targets: v.nodes.map(n => n.target.join(' '))})))""",
        [context, TAGS])
    return found


def summary(found: list[dict]) -> list[str]:
    """One line a violation, for an assert's message."""
    return [f"{v['id']} ({v['impact']}): {v['targets'][:6]}" for v in found]


def assert_clean(page, context: str | None = None) -> None:
    found = violations(page, context)
    assert not found, f"{page.url}: " + "; ".join(summary(found))

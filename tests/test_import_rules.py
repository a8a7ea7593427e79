"""Features meet only through their doors: import-linter's independence contract in
`.importlinter`, run over both plugins' sources (tests/import_rules.py says how)."""
import subprocess
import sys

from tests.conftest import ROOT


def lint(*added: str) -> subprocess.CompletedProcess:
    args = [a for pair in added for a in ("--add", pair)]
    return subprocess.run([sys.executable, "-m", "tests.import_rules", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=300)


def test_no_feature_imports_another_features_internals():
    result = lint()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


def test_an_import_of_internals_is_refused_and_doors_are_not():
    result = lint("ckanext.shaoxing.targets.queries:ckanext.shaoxing.governance.rate",        # internals
                  "ckanext.shaoxing_contest.views:ckanext.shaoxing.catalog.bulk",             # across plugins
                  "ckanext.shaoxing.catalog.views:ckanext.shaoxing.governance.api",           # a door
                  "ckanext.shaoxing_contest.views:ckanext.shaoxing.tabular")                  # a shared module
    assert result.returncode == 1, result.stdout + result.stderr
    broken = result.stdout[result.stdout.index("Broken contracts"):]
    assert "ckanext.shaoxing.targets.queries -> ckanext.shaoxing.governance.rate" in broken
    assert "ckanext.shaoxing_contest.views -> ckanext.shaoxing.catalog.bulk" in broken
    assert "governance.api" not in broken and "tabular" not in broken

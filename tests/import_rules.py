"""Runs import-linter (`.importlinter`, the rule that features meet only through their doors) on
the sources of both plugins, in a process of its own:

    python -m tests.import_rules [--add IMPORTER:IMPORTED ...]

CKAN declares `ckanext` the pkg_resources way (with an __init__.py), which grimp does not take for
a namespace package, so it refuses `ckanext.shaoxing` as a root. Here `ckanext` is made the PEP 420
namespace of this repository's two source folders before the graph is built (the files are only
parsed, never imported). `--add` puts an import into the graph, to show that the check refuses it."""
from __future__ import annotations

import argparse
import importlib.machinery
import importlib.util
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
SOURCES = [ROOT / "ckanext-shaoxing" / "ckanext", ROOT / "contest" / "ckanext"]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--add", action="append", default=[], metavar="IMPORTER:IMPORTED")
    extra = [tuple(pair.split(":", 1)) for pair in parser.parse_args(argv).add]

    spec = importlib.machinery.ModuleSpec("ckanext", None, is_package=True)
    spec.submodule_search_locations = [str(s) for s in SOURCES]
    sys.modules["ckanext"] = importlib.util.module_from_spec(spec)

    from importlinter.application.app_config import settings
    from importlinter.cli import lint_imports

    builder = settings.GRAPH_BUILDER

    class WithExtraImports:
        def build(self, *args, **kwargs):
            graph = builder.build(*args, **kwargs)
            for importer, imported in extra:
                graph.add_import(importer=importer, imported=imported)
            return graph

    settings.configure(GRAPH_BUILDER=WithExtraImports())
    return lint_imports(config_filename=str(ROOT / ".importlinter"), no_cache=True, no_logo=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

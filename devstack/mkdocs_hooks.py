"""MkDocs hooks of the documentation site (mkdocs.yml): the operator guide's option table is
written from the two plugins' config_declaration.yaml at build time, so it cannot drift from
what the plugins declare."""
from __future__ import annotations

import pathlib

import yaml

ROOT = pathlib.Path(__file__).resolve().parents[1]
DECLARATIONS = {"shaoxing": ROOT / "ckanext-shaoxing/ckanext/shaoxing/config_declaration.yaml",
                "shaoxing_contest": ROOT / "contest/ckanext/shaoxing_contest/config_declaration.yaml"}
MARKER = "<!-- config-options: {plugin} -->"


def _cell(value) -> str:
    # A table cell holds one line; a pipe would end the cell.
    return " ".join(str(value).split()).replace("|", "\\|")


def _default(option: dict) -> str:
    value = option.get("default", "")
    if value in ("", None):
        return "(empty)"
    if isinstance(value, bool):
        value = str(value).lower()
    return f"`{_cell(value)}`"


def options_table(plugin: str) -> str:
    """The options `plugin` declares, in declaration order, as a Markdown table."""
    declaration = yaml.safe_load(DECLARATIONS[plugin].read_text(encoding="utf-8"))
    rows = ["| option | type | default | meaning |", "|---|---|---|---|"]
    for group in declaration["groups"]:
        for option in group["options"]:
            rows.append(f"| `{option['key']}` | {option.get('type', 'str')} | {_default(option)} "
                        f"| {_cell(option.get('description', ''))} |")
    return "\n".join(rows)


def on_page_markdown(markdown: str, page, config, files) -> str:
    for plugin in DECLARATIONS:
        marker = MARKER.format(plugin=plugin)
        if marker in markdown:
            markdown = markdown.replace(marker, options_table(plugin))
    return markdown

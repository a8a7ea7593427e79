"""The guides name everything the plugins offer, so a new action, command or option cannot be
added without its documentation."""
from __future__ import annotations

import ckan.plugins as p
import click
import pytest
import yaml

from tests.conftest import PLUGINS, ROOT

DOCS = ROOT / "docs"


def _text(*pages: str) -> str:
    return "\n".join((DOCS / page).read_text(encoding="utf-8") for page in pages)


@pytest.mark.ckan_config("ckan.plugins", PLUGINS)
@pytest.mark.usefixtures("with_plugins")
def test_every_action_of_both_plugins_is_in_the_action_reference():
    reference = _text("api/actions.md")
    actions = {name for plugin in ("shaoxing", "shaoxing_contest") for name in p.get_plugin(plugin).get_actions()}
    assert len(actions) > 60
    assert sorted(a for a in actions if f"`{a}`" not in reference) == []


def _commands(group: click.Group, prefix: str):
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            yield from _commands(command, f"{prefix} {name}")
        else:
            yield f"{prefix} {name}"


def test_every_command_is_in_the_operator_guide():
    from ckanext.shaoxing.cli import shaoxing
    from ckanext.shaoxing_contest.cli import shaoxing_contest
    guide = _text("operator/index.md", "operator/backups.md", "operator/scale-out.md")
    commands = [*_commands(shaoxing, "ckan shaoxing"), *_commands(shaoxing_contest, "ckan shaoxing-contest")]
    assert len(commands) > 10
    assert [c for c in commands if c not in guide] == []


def test_the_option_table_is_written_from_both_declarations():
    from devstack.mkdocs_hooks import DECLARATIONS, MARKER, options_table
    page = _text("operator/configuration.md")
    for plugin, path in DECLARATIONS.items():
        assert MARKER.format(plugin=plugin) in page
        keys = [o["key"] for g in yaml.safe_load(path.read_text(encoding="utf-8"))["groups"] for o in g["options"]]
        table = options_table(plugin)
        assert all(f"| `{key}` |" in table for key in keys)
        assert table.count("\n") == len(keys) + 1

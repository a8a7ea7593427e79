"""Every example of the API guide (docs/api/) runs, as written, against a real gunicorn-served
portal and answers as documented (tests/docs/examples.py says how an answer is compared)."""
from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from tests.conftest import PLUGINS, ROOT
from tests.docs import examples, page_examples

API = ROOT / "docs" / "api"
# curl's own options for the run: quiet, errors shown, and the status after each answer.
CURL = 'curl() { command curl -sS -w "\\n@@STATUS %{http_code}\\n" "$@"; }\n'
STATUS = re.compile(r"\n?@@STATUS (\d{3})\n")


def run(example: examples.Example, env: dict, cwd) -> tuple[int | None, str]:
    if example.lang == "bash":
        done = subprocess.run(["bash", "-c", CURL + example.code], env=env, cwd=cwd, capture_output=True,
                              text=True, timeout=60)
        parts = STATUS.split(done.stdout)
        if done.returncode or len(parts) < 3:
            raise AssertionError(f"{example.name}: exit {done.returncode}\n{done.stdout}\n{done.stderr}")
        return int(parts[-2]), parts[-3]
    done = subprocess.run([sys.executable, "-c", example.code], env=env, cwd=cwd, capture_output=True, text=True,
                          timeout=60)
    if done.returncode:
        raise AssertionError(f"{example.name}: exit {done.returncode}\n{done.stderr}")
    return None, done.stdout


def test_the_guide_has_examples_and_every_portal_call_is_one():
    found = examples.examples(API)
    assert len(found) >= 20
    assert len({e.name for e in found}) == len(found), "example names repeat"
    assert examples.untagged(API) == []


@pytest.mark.ckan_config("ckan.plugins", PLUGINS)
@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
def test_every_example_answers_as_documented(world, tmp_path):
    env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", **world.env}
    failures = []
    for example in examples.examples(API):        # in the guide's order: later ones see earlier changes
        status, out = run(example, env, tmp_path)
        if example.status is not None and status != example.status:
            failures.append(f"{example.page} {example.name}: status {status}, documented {example.status}\n{out:.600}")
            continue
        if example.answer_lang == "json":
            try:
                real = json.loads(out)
            except ValueError:
                failures.append(f"{example.page} {example.name}: not JSON: {out:.300}")
                continue
            failures += [f"{example.page} {example.name}: {m}" for m in
                         examples.mismatches(json.loads(example.answer), real)]
        elif example.answer_lang == "text" and out.strip() != example.answer.strip():
            failures.append(f"{example.page} {example.name}: printed {out!r:.300}")
    assert not failures, "\n".join(failures)
    # The portal's own pages (/developers, an interface's page): their curl examples as shown.
    page_examples.check_the_pages_curl_examples(world, env["PORTAL"])

"""The curl examples of the portal's own documentation pages (/developers and an interface's page)
run as shown against a real gunicorn-served portal: Chinese parameters go through
`curl -G --data-urlencode` (a bare Chinese character in a curl address is refused), and each
answers success. The pages show JSON with Chinese characters, not \\u escapes."""
from __future__ import annotations

import json
import shlex
import subprocess

import requests
from bs4 import BeautifulSoup


def curls(url: str) -> list[str]:
    page = BeautifulSoup(requests.get(url, timeout=30).text, "html.parser")
    return [code.get_text() for code in page.select("code.shaoxing-curl")]


def run(command: str, portal: str, site: str, **placeholders) -> dict:
    command = command.replace(site, portal)
    for name, value in placeholders.items():
        command = command.replace(name, value)
    done = subprocess.run(shlex.split(command), capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, f"{command}\n{done.stderr}"
    return json.loads(done.stdout)


def check_the_pages_curl_examples(world, portal: str) -> None:
    """Run by tests/docs/test_api_examples.py in its world (built once for both)."""
    from ckan.tests import helpers
    site = helpers.config["ckan.site_url"].rstrip("/")
    shown = curls(f"{portal}/developers")
    search = next(c for c in shown if "package_search" in c)
    assert "-G" in search and "--data-urlencode 'q=公交'" in search
    for command in shown:
        answer = run(command, portal, site, RESOURCE_ID=world.env["TABLE_ID"])
        # the page's sample ids (sx-jt-2022-0001) are not in this world: a JSON answer, not curl's refusal
        assert answer["success"] is True or answer["error"]["__type"] in ("Not Found Error", "Validation Error"), command
    assert run(search, portal, site)["result"]["count"] >= 1

    page = requests.get(f"{portal}/interfaces/open/SX-JT-2024-0001/1", timeout=30).text
    chinese = next(c for c in curls(f"{portal}/interfaces/open/SX-JT-2024-0001/1") if "--data-urlencode 'q=" in c)
    records = run(chinese, portal, site)["result"]["records"]
    assert records and all("越城" in r["name"] for r in records)
    example = BeautifulSoup(page, "html.parser").select_one(".shaoxing-json-example").get_text()
    assert "越城区公交站" in example and "\\u" not in example
    assert json.loads(example)["success"] is True

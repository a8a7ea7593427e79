"""Finding 10: contest files (/uploads/contest/<name>) were served to anyone who had the address,
forever, PDFs inline, and a PDF running JavaScript when opened was accepted. Now: a private folder,
one view behind the submission's permission check, attachments with nosniff, active PDFs refused."""
from __future__ import annotations

import io
import os

import ckan.plugins.toolkit as tk
import pytest
import requests
from pypdf import PdfWriter
from pypdf.generic import DictionaryObject, NameObject, TextStringObject

from ckanext.shaoxing.files import api as files_api
from ckanext.shaoxing_contest import uploads
from tests.conftest import PLUGINS
from tests.contest import conftest as contest_world
from tests.contest.conftest import at, call, pdf, png, upload

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS), pytest.mark.usefixtures("with_plugins")]

world = contest_world.world     # a contest on a fixed calendar, people in every role
CRITERIA = ("innovation", "data_use", "value", "technical", "presentation")


@pytest.fixture
def entries(world, worlds):
    """Two teams' preliminary entries (a proposal and a screenshot each), judged; a judge of the
    preliminary and one of the semifinal. Built once on the contest world, restored after."""
    return worlds("contest-files", lambda: _entries(world))


def _entries(world):
    out = {}
    with at("registration"):
        for leader, name in (("leader", "甲队"), ("other", "乙队")):
            out[leader] = {"team": call("contest_team_register", world[leader], contest_id="sx-2030", name=name,
                                        track="transport", entrant_type="enterprise")}
    with at("preliminary"):
        for leader in out:
            out[leader]["entry"] = call(
                "contest_submission_create", world[leader], team_id=out[leader]["team"]["id"], phase="preliminary",
                title=f"{leader} 作品", dataset_ids=[world["datasets"][0]["id"]],
                proposal_upload=upload("方案.pdf", pdf()), screenshots_upload=[upload("s.png", png())])
    call("contest_judge_assign", world["admin"], contest_id="sx-2030", phase="preliminary", user=world["judge"])
    call("contest_judge_assign", world["admin"], contest_id="sx-2030", phase="semifinal", user=world["judge_b"])
    with at("preliminary_judging"):
        for leader in out:
            call("contest_score_submit", world["judge"], submission_id=out[leader]["entry"]["id"],
                 scores={c: 80 for c in CRITERIA})
    return out


def _publish(world, awarded: dict) -> None:
    with at("after"):
        call("contest_results_publish", world["admin"], contest_id="sx-2030",
             awards=[{"submission_id": awarded["id"], "award": "first"}])


def _url(entry: dict, which: str = "proposal") -> str:
    name = entry["proposal"] if which == "proposal" else entry["screenshots"][0]
    return f"/contest/file/{entry['id']}/{name}"


def _status(app, world, role: str | None, url: str) -> int:
    if role:
        app.set_session_user(world[role])
    else:
        app.set_session_user(None)      # anonymous
    return app.get(url).status_code


ROLES = [(None, 404), ("leader", 200), ("other", 404), ("outsider", 404), ("judge", 200), ("judge_b", 404),
         ("admin", 200), ("sysadmin", 200)]


@pytest.mark.parametrize("role, before", ROLES)
def test_who_gets_a_file_before_and_after_the_results(app, world, entries, role, before):
    awarded, unawarded = entries["leader"]["entry"], entries["other"]["entry"]
    for which in ("proposal", "screenshot"):
        assert _status(app, world, role, _url(awarded, which)) == before, (role, which)
    _publish(world, awarded)
    # After the results: everybody sees the awarded entry; the other one stays with its team and staff.
    assert _status(app, world, role, _url(awarded)) == 200
    unawarded_expected = 200 if role in ("other", "judge", "admin", "sysadmin") else 404
    assert _status(app, world, role, _url(unawarded)) == unawarded_expected, role


def test_files_are_attachments_of_their_checked_type_never_sniffed(app, world, entries):
    app.set_session_user(world["leader"])
    entry = entries["leader"]["entry"]
    for which, mime in (("proposal", "application/pdf"), ("screenshot", "image/png")):
        res = app.get(_url(entry, which))
        assert res.status_code == 200
        assert res.headers["Content-Disposition"].startswith("attachment")
        assert res.headers["Content-Type"] == mime
        assert res.headers["X-Content-Type-Options"] == "nosniff"
        assert "sandbox" in res.headers["Content-Security-Policy"]


def _pdf_with(action: dict | None = None, attachment: bool = False) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(72, 72)
    if action:
        writer._root_object[NameObject("/OpenAction")] = DictionaryObject(
            {NameObject(k): (NameObject(v) if v.startswith("/") else TextStringObject(v)) for k, v in action.items()})
    if attachment:
        writer.add_attachment("payload.exe", b"MZ")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize("content, kind", [
    (lambda: pdf(javascript="app.alert(1)"), "JavaScript"),                                 # document-level /JS
    (lambda: _pdf_with({"/S": "/JavaScript", "/JS": "app.launchURL('http://x.example')"}), "JavaScript"),
    (lambda: _pdf_with({"/S": "/Launch", "/F": "calc.exe"}), "Launch"),
    (lambda: _pdf_with(attachment=True), "EmbeddedFile"),
])
def test_pdfs_with_active_content_are_refused_naming_the_field(world, entries, content, kind):
    before = set(files_api.scan(files_api.CONTEST))
    with at("preliminary"), pytest.raises(tk.ValidationError) as e:
        call("contest_submission_update", world["leader"], id=entries["leader"]["entry"]["id"],
             proposal_upload=upload("方案.pdf", content(), "application/pdf"))
    message = e.value.error_dict["proposal_upload"][0]
    assert kind in message and "可执行内容" in message and "active content" in message
    assert set(files_api.scan(files_api.CONTEST)) == before


def test_an_unreadable_pdf_is_refused(world, entries):
    with at("preliminary"), pytest.raises(tk.ValidationError) as e:
        call("contest_submission_update", world["leader"], id=entries["leader"]["entry"]["id"],
             proposal_upload=upload("方案.pdf", b"%PDF-1.4\n1 0 obj<</JS(x)>>endobj\n", "application/pdf"))
    assert "cannot be inspected" in e.value.error_dict["proposal_upload"][0]


def test_files_are_kept_outside_the_static_folder(world, entries):
    assert uploads.stored(entries["leader"]["entry"]["proposal"])
    stored = files_api.storage(files_api.CONTEST).full_path(entries["leader"]["entry"]["proposal"])
    static = os.path.join(tk.config["ckan.storage_path"], "storage")
    assert not os.path.abspath(stored).startswith(os.path.abspath(static) + os.sep)


def test_the_real_portal_serves_old_addresses_only_through_the_check(portal, world, entries):
    """gunicorn serving test.ini: CKAN's static folder <storage>/storage is at /uploads/…"""
    entry = entries["leader"]["entry"]
    # A file an earlier version left in the static folder is moved out by the migration's relocate().
    old_dir = os.path.join(tk.config["ckan.storage_path"], *uploads.PUBLIC_DIR)
    os.makedirs(old_dir, exist_ok=True)
    stored = entry["proposal"]
    os.replace(files_api.storage(files_api.CONTEST).full_path(stored), os.path.join(old_dir, stored))
    assert uploads.relocate() == 1 and uploads.stored(stored)
    assert not os.path.exists(os.path.join(old_dir, stored))
    for address in (f"/uploads/contest/{stored}", f"/uploads//contest/{stored}",
                    f"/uploads/contest/./{stored}"):
        res = requests.get(portal + address, timeout=30)
        assert not res.content.startswith(b"%PDF"), address
    # The old address leads through the file view's check: anonymous gets nothing before the results.
    res = requests.get(portal + f"/uploads/contest/{stored}", timeout=30)
    assert res.status_code == 404
    _publish(world, entry)
    res = requests.get(portal + f"/uploads/contest/{stored}", timeout=30)
    assert res.status_code == 200 and res.content.startswith(b"%PDF")
    assert res.headers["Content-Disposition"].startswith("attachment")
    assert res.headers["X-Content-Type-Options"] == "nosniff" and res.headers["Content-Type"] == "application/pdf"
    # Not awarded: not public, at either address.
    other = entries["other"]["entry"]
    assert requests.get(portal + _url(other), timeout=30).status_code == 404
    assert requests.get(portal + f"/uploads/contest/{other['proposal']}", timeout=30).status_code == 404

"""Stored files through the storage door: written whole or not at all, read as streams, sent with
Range; the size limit refused before the body is read; a failing storage is a 503."""
from __future__ import annotations

import io
import os
import threading
import zipfile

import ckan.plugins.toolkit as tk
import pytest
from ckan.tests import factories as ckan_factories
from ckan.tests import helpers
from werkzeug.datastructures import FileStorage

from ckanext.shaoxing.files import api as files_api
from ckanext.shaoxing.files import move as moving
from ckanext.shaoxing.usage import counters
from tests import factories
from tests.conftest import PLUGINS

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("with_plugins", "clean_index")]

CSV = "名称,数量\n越城区,1\n柯桥区,2\n".encode()


@pytest.fixture
def entry(worlds) -> dict:
    def build():
        org = factories.department(name="sx-files", title="市文件局")
        return factories.entry(org)
    return worlds("files-entry", build)


def put(package_id: str, data: bytes, name: str = "table.csv", **extra) -> dict:
    return helpers.call_action("resource_create", factories.as_site(), package_id=package_id,
                               upload=FileStorage(io.BytesIO(data), filename=name), url=name, name=name,
                               format="CSV", **extra)


def stored(resource: dict) -> bytes:
    out = io.BytesIO()
    files_api.copy_resource(resource, out)
    return out.getvalue()


def sysadmin_with_token() -> dict:
    name = ckan_factories.Sysadmin()["name"]
    token = helpers.call_action("api_token_create", {"user": name}, user=name, name="files")["token"]
    return {"name": name, "token": token}


def download_url(resource: dict) -> str:
    return f"/dataset/{resource['package_id']}/resource/{resource['id']}/download/table.csv"


def test_an_upload_is_stored_and_read_through_the_door(app, entry):
    res = put(entry["id"], CSV)
    assert stored(res) == CSV and files_api.resource_size(res) == len(CSV)
    assert b"".join(files_api.read_range(files_api.RESOURCES, files_api.resource_location(res["id"]), 0, 5)) == CSV[:6]
    with files_api.resource_file(res, ".csv") as path:
        assert path.endswith(".csv") and open(path, "rb").read() == CSV
    # No half-written file is left beside it.
    assert not [n for n in files_api.scan(files_api.RESOURCES) if files_api.PART in n]


def test_a_range_answers_206_and_a_resumed_download_counts_once(app, entry):
    res = put(entry["id"], CSV)
    redis = counters.redis()
    redis.delete(counters.PENDING)
    whole = app.get(download_url(res))
    assert whole.status_code == 200 and whole.get_data() == CSV
    part = app.get(download_url(res), headers={"Range": "bytes=4-"})
    assert part.status_code == 206 and part.get_data() == CSV[4:]
    assert part.headers["Content-Range"] == f"bytes 4-{len(CSV) - 1}/{len(CSV)}"
    counted = {k.decode(): int(v) for k, v in redis.hgetall(counters.PENDING).items()}
    assert [v for k, v in counted.items() if k.endswith(f"|download|{res['id']}")] == [1]


class Unread(io.RawIOBase):
    """A request body that must not be read."""

    def readable(self):
        return True

    def readinto(self, b):
        raise AssertionError("the body was read")


def test_a_declared_length_over_the_limit_is_refused_before_the_body_is_read(app, entry, monkeypatch):
    monkeypatch.setitem(tk.config, "ckanext.shaoxing.files.max_resource_size", 2048)    # read per request
    over = str(2048 + 2 * 1024 * 1024)
    env = {"wsgi.input": Unread(), "CONTENT_LENGTH": over, "CONTENT_TYPE": "multipart/form-data; boundary=x"}
    sysadmin = sysadmin_with_token()
    r = app.post("/api/3/action/resource_create", environ_overrides=env,
                 headers={"Authorization": sysadmin["token"]})
    assert r.status_code == 413
    error = r.json["error"]
    assert "2 KB" in error["message_zh"] and "2 KB" in error["message_en"] and " / " in error["message"]
    # The web form: a page in its language (Chinese by default) naming the limit.
    app.set_session_user(sysadmin["name"])
    page = app.post(f"/dataset/{entry['name']}/resource/new", environ_overrides=env)
    assert page.status_code == 413
    text = page.get_data(as_text=True)
    assert "上传的文件不能超过 2 KB" in text and "may be at most" not in text
    # A file over the limit whose request declares no more than the limit: refused by the uploader.
    with pytest.raises(tk.ValidationError) as e:
        put(entry["id"], b"x" * 3000)
    assert "2 KB" in e.value.error_dict["upload"][0]


def test_an_upload_cut_mid_way_leaves_the_old_file_served(app, entry):
    res = put(entry["id"], CSV)
    sysadmin = sysadmin_with_token()
    boundary = "cut"
    head = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"id\"\r\n\r\n{res['id']}\r\n"
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"upload\"; filename=\"new.csv\"\r\n"
            "Content-Type: text/csv\r\n\r\n").encode() + b"1,2\n" * 500
    env = {"wsgi.input": io.BytesIO(head), "CONTENT_LENGTH": str(len(head) + 100000),
           "CONTENT_TYPE": f"multipart/form-data; boundary={boundary}"}
    r = app.post("/api/3/action/resource_patch", environ_overrides=env, headers={"Authorization": sysadmin["token"]})
    assert r.status_code == 400
    assert stored(res) == CSV and app.get(download_url(res)).get_data() == CSV
    assert helpers.call_action("resource_show", id=res["id"])["url"].endswith("table.csv")
    assert not [n for n in files_api.scan(files_api.RESOURCES) if files_api.PART in n]


def test_a_large_upload_is_linked_from_its_spool_not_copied(app, entry):
    sysadmin = sysadmin_with_token()
    big = b"a,b\n" + b"1,2\n" * (600 * 1024)      # over api.SPOOL_FROM: spooled beside the storage
    r = app.post("/api/3/action/resource_create", headers={"Authorization": sysadmin["token"]},
                 data={"package_id": entry["id"], "name": "big.csv", "url": "big.csv", "format": "CSV",
                       "upload": (io.BytesIO(big), "big.csv")})
    assert r.status_code == 200, r.get_data(as_text=True)[:500]
    res = r.json["result"]
    path = files_api.storage(files_api.RESOURCES).full_path(files_api.resource_location(res["id"]))
    assert os.stat(path).st_nlink == 1 and stored(res) == big       # the spool's name is gone, the file stays
    assert app.get(download_url(res)).get_data() == big
    spool = os.path.join(files_api.storage(files_api.RESOURCES).settings.path, files_api.SPOOL)
    assert not os.listdir(spool)


def test_two_replacements_at_once_one_wins_whole(entry):
    location = "test/two/writers"
    a, b = b"a" * (3 << 20), b"b" * (3 << 20)
    threads = [threading.Thread(target=files_api.write,
                                args=(files_api.RESOURCES, location, files_api.upload_of(io.BytesIO(x))))
               for x in (a, b)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    out = io.BytesIO()
    files_api.copy_to(files_api.RESOURCES, location, out)
    assert out.getvalue() in (a, b)
    files_api.remove(files_api.RESOURCES, location)
    assert not [n for n in files_api.scan(files_api.RESOURCES) if n.startswith("test/")]


def test_a_zip_renamed_csv_is_refused_by_the_load_with_a_message(entry):
    from ckanext.shaoxing.interfaces import jobs as loads
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w") as z:
        z.writestr("a.csv", "a,b\n1,2\n")
    res = put(entry["id"], packed.getvalue(), "data.csv")
    state = loads.load(res["id"])
    assert state["state"] == "error"
    assert not helpers.call_action("resource_show", id=res["id"]).get("datastore_active")


def test_a_failing_storage_answers_503_never_500(app, entry):
    res = put(entry["id"], CSV)
    sysadmin = sysadmin_with_token()
    st = files_api.storage(files_api.RESOURCES)
    location = files_api.resource_location(res["id"])
    folder = os.path.dirname(st.full_path(location))
    os.rename(folder, folder + ".away")
    try:
        # Where the file's folder should be, a file: nothing can be written or read there.
        with open(folder, "wb") as f:
            f.write(b"")
        r = app.post("/api/3/action/resource_patch", data={"id": res["id"], "upload": (io.BytesIO(b"x,y\n1,2\n"), "new.csv")},
                     headers={"Authorization": sysadmin["token"]})
        assert r.status_code == 503, r.get_data(as_text=True)[:3000]
        assert "文件存储暂不可用" in r.json["error"]["message"] and "unavailable" in r.json["error"]["message"]
        os.remove(folder)
        os.makedirs(st.full_path(location))       # a folder where the file should be: unreadable as a file
        r = app.get(download_url(res))
        assert r.status_code == 503 and "文件存储暂不可用" in r.get_data(as_text=True)
        os.rmdir(st.full_path(location))
        os.rmdir(folder)
    finally:
        if os.path.isfile(folder):
            os.remove(folder)
        os.rename(folder + ".away", folder)
    assert app.get(download_url(res)).get_data() == CSV


def test_move_takes_the_storage_path_layout_into_the_storage_once(tmp_path):
    import file_keeper as fk
    from ckan.lib import files
    root = tmp_path / "resources"
    (root / "abc" / "def").mkdir(parents=True)
    (root / "abc" / "def" / "ghijkl").write_bytes(CSV)
    target = files.make_storage("moved", {"type": "ckan:fs", "path": str(tmp_path / "bucket"), "initialize": True})
    done = moving.move(files_api.RESOURCES, target, str(root))
    assert (done.moved, done.bytes) == (1, len(CSV))
    assert b"".join(target.stream(fk.FileData("abc/def/ghijkl"))) == CSV
    assert not (root / "abc" / "def" / "ghijkl").exists()
    again = moving.move(files_api.RESOURCES, target, str(root))
    assert (again.moved, again.in_place) == (0, 0)
    # The configured storage is the folder itself: everything is already in place.
    res_root = files_api.storage(files_api.RESOURCES).settings.path
    assert moving.move(files_api.RESOURCES, None, res_root).moved == 0


def test_the_move_command_reports(cli):
    from ckanext.shaoxing.cli import shaoxing
    result = cli.invoke(shaoxing, ["files", "move"])
    assert result.exit_code == 0, result.output
    assert "resources" in result.output and "contest" in result.output

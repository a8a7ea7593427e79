"""Findings 1, 2 and 4 (load-error part) of the security review: every server-side fetch of a
user-given address goes through ckanext.shaoxing.outbound. No credential reaches a link's
server; loopback (in every spelling), private and other internal addresses, each redirect hop
to one, and this portal itself are refused before any connection, unless the allowlist names
the address (tests allow only the loopback address their own link server listens on); a refused
or failed load records a bilingual reason without the address and is announced on the
security signal. Link servers here are real HTTP servers that record what reaches them."""
from __future__ import annotations

import io
import ipaddress
import logging
import socket
import time

import ckan.plugins.toolkit as tk
import pytest
import requests
from ckan.tests import helpers

from ckanext.shaoxing import outbound
from ckanext.shaoxing.governance import files
from ckanext.shaoxing.interfaces import jobs, xloader_fetch
from ckanext.shaoxing.outbound import policy
from tests import factories
from tests.conftest import PLUGINS
from tests.interfaces.conftest import CSV, ITEMS, site_user, upload
from tests.security.linkserver import link_server

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS), pytest.mark.usefixtures("with_plugins")]
ALLOW = "ckanext.shaoxing.outbound.allow"
# The test site's own host name is localhost: the refusal tests move the site elsewhere (set
# after the plugins load, which apply CKAN_SITE_URL) so every refusal is for the address itself.
ELSEWHERE = pytest.mark.usefixtures("elsewhere")


@pytest.fixture
def elsewhere(with_plugins, monkeypatch):
    monkeypatch.setitem(tk.config, "ckan.site_url", "http://portal.example")


@pytest.fixture
def events():
    """Security events announced on the project's signal while the test runs."""
    got = []

    def receiver(sender, **kw):
        got.append({"event": sender, **kw})

    signal = tk.signals.ckanext.signal("shaoxing_security_event")
    signal.connect(receiver)
    yield got
    signal.disconnect(receiver)


@pytest.fixture
def org(clean_db, clean_index):
    return factories.department(name="transport", title="市交通运输局")


def link_entry(org: dict, url: str, **extra) -> tuple[dict, dict]:
    pkg = factories.entry(org, data_items=ITEMS, resources=[{"url": url, "name": "table.csv", "format": "CSV"}],
                          **extra)
    return pkg, pkg["resources"][0]


def no_table(resource_id: str) -> bool:
    try:
        helpers.call_action("datastore_search", resource_id=resource_id)
    except tk.ObjectNotFound:
        return not helpers.call_action("resource_show", id=resource_id).get("datastore_active")
    return False


# -- the address rules ---------------------------------------------------------------------

LOOPBACK = ["127.0.0.1", "127.1", "2130706433", "0x7f000001", "0177.0.0.1", "localhost", "LocalHost.", "[::1]",
            "[::ffff:127.0.0.1]", "[0:0:0:0:0:ffff:7f00:1]"]


@ELSEWHERE
@pytest.mark.parametrize("host", LOOPBACK)
def test_loopback_in_every_spelling_is_refused_before_any_connection(host, events):
    with link_server("127.0.0.1") as srv:
        srv.serve("/data.csv", b"a\n1\n")
        port = srv.base.rsplit(":", 1)[1]
        with pytest.raises(outbound.Refused) as refusal:
            outbound.open_url(f"http://{host}:{port}/data.csv", about=("resource", "r-1"))
        assert srv.seen == []                        # nothing reached the server listening there
    assert refusal.value.reason == "internal"
    assert events[-1]["event"] == "outbound.refused" and events[-1]["result"] == "denied"
    assert events[-1]["object_type"] == "resource" and events[-1]["object_id"] == "r-1"
    assert events[-1]["detail"]["reason"] == "internal" and "data.csv" not in str(events[-1]["detail"])


INTERNAL = ["10.1.2.3", "172.16.0.1", "172.31.255.254", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0",
            "0", "224.0.0.1", "239.255.255.250", "240.0.0.1", "255.255.255.255", "198.18.0.1", "192.0.0.8",
            "[fc00::1]", "[fd12:3456::1]", "[fe80::1]", "[fec0::1]", "[::]", "[ff02::1]", "[::ffff:10.0.0.1]",
            "[::ffff:169.254.169.254]", "[64:ff9b::7f00:1]", "[64:ff9b::a9fe:a9fe]", "[2002:7f00:1::1]",
            "[2001:0:4136:e378:8000:63bf:80ff:fffe]", "[::127.0.0.1]"]


@ELSEWHERE
@pytest.mark.parametrize("host", INTERNAL)
def test_private_link_local_cgnat_multicast_reserved_and_translated_addresses_are_refused(host):
    with pytest.raises(outbound.Refused) as refusal:
        outbound.open_url(f"http://{host}/latest/meta-data/")
    assert refusal.value.reason == "internal"


@pytest.mark.parametrize("address", ["93.184.216.34", "114.114.114.114", "2606:4700:4700::1111", "2400:3200::1"])
def test_globally_routable_addresses_are_not_refused_by_the_rules(address):
    assert not policy.internal(ipaddress.ip_address(address))


@ELSEWHERE
@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/a.csv", "gopher://127.0.0.1:6379/_INFO",
                                 "dict://127.0.0.1:6379/", "http:///nohost", "", "javascript:alert(1)"])
def test_only_http_and_https_are_fetched(url):
    with pytest.raises(outbound.Refused):
        outbound.open_url(url)


@ELSEWHERE
def test_the_allowlist_lets_through_only_what_it_names(monkeypatch):
    with link_server("127.0.0.10") as allowed, link_server("127.0.0.11") as other:
        url, url2 = allowed.serve("/a.csv", b"a\n"), other.serve("/a.csv", b"a\n")
        monkeypatch.setitem(tk.config, ALLOW, "127.0.0.10/32 files.intranet.example")
        with outbound.open_url(url) as r:
            assert r.status_code == 200 and r.content == b"a\n"
        with pytest.raises(outbound.Refused):
            outbound.open_url(url2)
        monkeypatch.setitem(tk.config, ALLOW, "127.0.0.8/29")        # a network
        with outbound.open_url(url2) as r:
            assert r.status_code == 200
    with link_server("127.0.0.1") as named:
        named.serve("/a.csv", b"a\n")
        port = named.base.rsplit(":", 1)[1]
        monkeypatch.setitem(tk.config, ALLOW, "LocalHost.")           # a host name, at what it resolves to
        with outbound.open_url(f"http://localhost:{port}/a.csv") as r:
            assert r.status_code == 200
        with pytest.raises(outbound.Refused):                         # the address itself is not listed
            outbound.open_url(f"http://127.0.0.1:{port}/a.csv")


def test_the_default_allowlist_is_empty():
    assert not tk.aslist(tk.config.get(ALLOW))


@ELSEWHERE
def test_a_redirect_from_an_allowed_server_to_loopback_is_refused(monkeypatch, events):
    with link_server("127.0.0.10") as outer, link_server("127.0.0.1") as inner:
        secret = inner.serve("/secret", b"id_number\n330602199001011234\n")
        monkeypatch.setitem(tk.config, ALLOW, "127.0.0.10")
        start = outer.redirect("/go", secret)
        hop = outer.redirect("/hop", outer.base + "/go")            # two hops, the second one out
        for url in (start, hop):
            with pytest.raises(outbound.Refused) as refusal:
                outbound.open_url(url)
            assert refusal.value.reason == "internal"
        assert inner.seen == [] and [s["path"] for s in outer.seen] == ["/go", "/hop", "/go"]
        # and to a metadata service, to another scheme, and round in a loop
        for to, reason in (("http://169.254.169.254/latest/", "internal"), ("file:///etc/passwd", "scheme"),
                           (outer.base + "/loop", "redirects")):
            outer.redirect("/loop" if reason == "redirects" else "/x", to)
            with pytest.raises(outbound.Refused) as refusal:
                outbound.open_url(outer.base + ("/loop" if reason == "redirects" else "/x"))
            assert refusal.value.reason == reason
    assert [e["detail"]["reason"] for e in events] == ["internal", "internal", "internal", "scheme", "redirects"]


@ELSEWHERE
def test_a_name_is_resolved_once_and_the_connection_goes_to_the_checked_address(monkeypatch):
    """DNS rebinding: the name answers an allowed address to the check and loopback after; the
    request still reaches the checked address, with the name in its Host header."""
    real, asked = socket.getaddrinfo, []

    def rebinding(host, port, *args, **kw):
        if host == "files.example":
            asked.append(host)
            host = "127.0.0.10" if len(asked) == 1 else "127.0.0.1"
        return real(host, port, *args, **kw)

    with link_server("127.0.0.10") as checked:
        checked.serve("/a.csv", b"checked\n")
        port = checked.base.rsplit(":", 1)[1]
        monkeypatch.setitem(tk.config, ALLOW, "127.0.0.10")
        monkeypatch.setattr(socket, "getaddrinfo", rebinding)
        with outbound.open_url(f"http://files.example:{port}/a.csv") as r:
            assert r.content == b"checked\n"
    assert asked == ["files.example"]
    assert checked.seen[0]["headers"]["Host"] == f"files.example:{port}"


def _certificate(tmp_path, name: str) -> tuple[str, str]:
    """A self-signed certificate for `name` (its own CA)."""
    import datetime as dt

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    start = dt.datetime(2020, 1, 1, tzinfo=dt.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(start)
            .not_valid_after(start + dt.timedelta(days=365 * 30))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]), critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    certfile, keyfile = tmp_path / "cert.pem", tmp_path / "key.pem"
    certfile.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    keyfile.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                          serialization.NoEncryption()))
    return str(certfile), str(keyfile)


@ELSEWHERE
def test_https_keeps_the_host_name_for_sni_and_the_certificate_while_connecting_to_the_checked_address(
        tmp_path, monkeypatch):
    certfile, keyfile = _certificate(tmp_path, "files.example")
    real = socket.getaddrinfo

    def resolver(host, port, *args, **kw):
        return real("127.0.0.10" if host == "files.example" else host, port, *args, **kw)

    with link_server("127.0.0.10", tls=(certfile, keyfile)) as srv:
        srv.serve("/a.csv", b"over tls\n")
        port = srv.base.rsplit(":", 1)[1]
        monkeypatch.setattr(socket, "getaddrinfo", resolver)
        monkeypatch.setitem(tk.config, ALLOW, "127.0.0.10")
        with pytest.raises(outbound.Failed):               # not a CA the portal trusts by default
            outbound.open_url(f"https://files.example:{port}/a.csv")
        monkeypatch.setitem(tk.config, "ckanext.shaoxing.outbound.ca_bundle", certfile)
        with outbound.open_url(f"https://files.example:{port}/a.csv") as r:
            assert r.content == b"over tls\n"
        assert srv.seen[-1]["headers"]["Host"] == f"files.example:{port}"
        assert srv.server_names[-1] == "files.example"
        with pytest.raises(outbound.Failed) as failed:      # the certificate does not name the address
            outbound.open_url(f"https://127.0.0.10:{port}/a.csv")
        assert "certificate" in failed.value.en


@ELSEWHERE
def test_a_name_that_resolves_to_loopback_is_refused():
    with pytest.raises(outbound.Refused) as refusal:
        outbound.open_url("http://localhost/anything")
    assert refusal.value.reason == "internal"


@ELSEWHERE
def test_size_and_redirect_limits(monkeypatch):
    with link_server("127.0.0.10") as srv:
        monkeypatch.setitem(tk.config, ALLOW, "127.0.0.10")
        url = srv.serve("/big.csv", b"x" * 5000)
        with pytest.raises(outbound.Failed) as failed:
            outbound.download(url, io.BytesIO(), 4096)
        assert "4096" in failed.value.en and "127.0.0.10" not in str(failed.value)
        out = io.BytesIO()
        assert outbound.download(url, out, 5000) == 5000 and out.getvalue() == b"x" * 5000
        monkeypatch.setitem(tk.config, "ckanext.shaoxing.outbound.max_redirects", "2")
        srv.redirect("/r1", srv.base + "/r2")
        srv.redirect("/r2", srv.base + "/r3")
        srv.redirect("/r3", url)
        with pytest.raises(outbound.Refused) as refusal:
            outbound.open_url(srv.base + "/r1")
        assert refusal.value.reason == "redirects"


# -- finding 1: no credential to a link ------------------------------------------------------

def test_f1_no_credential_reaches_a_link_whose_address_begins_with_the_site_url(org, monkeypatch):
    """The old loader sent xloader's API token to any link starting with the site's address
    (site http://127.0.0.1, link http://127.0.0.10:PORT/...)."""
    token = helpers.call_action("api_token_create", {"user": site_user()}, user=site_user(), name="xloader")["token"]
    with link_server("127.0.0.10") as srv:
        monkeypatch.setitem(tk.config, "ckan.site_url", "http://127.0.0.1")
        monkeypatch.setitem(tk.config, "ckanext.xloader.api_token", token)
        monkeypatch.setitem(tk.config, ALLOW, "127.0.0.10")
        url = srv.serve("/x.csv", CSV.encode())
        assert url.startswith(tk.config["ckan.site_url"])
        pkg, res = link_entry(org, url)
        state = jobs.load(res["id"])
    assert state["state"] == "complete", state
    assert len(srv.seen) == 1
    headers = {k.lower(): v for k, v in srv.seen[0]["headers"].items()}
    assert "authorization" not in headers and "x-ckan-api-key" not in headers and "cookie" not in headers
    assert not any(token in v for v in headers.values())
    records = helpers.call_action("datastore_search", resource_id=res["id"])["records"]
    assert [r["name"] for r in records] == ["越城区公交站", "柯桥公交站"]


def test_f1_xloaders_own_download_sends_no_token_and_follows_the_rules(org, monkeypatch):
    """xloader's job (`ckan xloader submit --sync`, a queued retry) downloads with its API token
    in the header for uploads; its one network call is the outbound module's."""
    from ckanext.xloader import jobs as xloader_jobs
    assert xloader_jobs.get_response is xloader_fetch.get_response
    with link_server("127.0.0.10") as srv, link_server("127.0.0.1") as local:
        monkeypatch.setitem(tk.config, ALLOW, "127.0.0.10")
        url = srv.serve("/x.csv", CSV.encode())
        tmp, _ = xloader_jobs._download_resource_data({"url": url, "url_type": "upload"}, {}, "secret-token",
                                                      logging.getLogger(__name__))
        tmp.close()
        headers = {k.lower(): v for k, v in srv.seen[0]["headers"].items()}
        assert "secret-token" not in headers.values() and "authorization" not in headers
        with pytest.raises(outbound.Refused):
            xloader_jobs._download_resource_data({"url": local.serve("/x.csv", b"a\n")}, {}, "secret-token",
                                                 logging.getLogger(__name__))
        assert local.seen == []


# -- finding 2: the loader as a deputy -------------------------------------------------------

def test_f2_a_public_entry_linking_to_the_search_server_ends_as_a_refused_load_without_a_table(org, events):
    solr = tk.config["solr_url"].rstrip("/")
    assert requests.get(f"{solr}/select?q=*:*&wt=csv", timeout=10).ok      # Solr answers there
    url = f"{solr}/select?q=*:*&fl=id,name,title&rows=1000&wt=csv"
    pkg, res = link_entry(org, url)
    state = jobs.load(res["id"])
    assert state["state"] == "error"
    st = helpers.call_action("shaoxing_datastore_status", resource_id=res["id"])
    assert st["status"] == "error" and "内部网络地址" in st["error_zh"] and "internal network address" in st["error_en"]
    for text in (st["error"], st["error_zh"], st["error_en"]):
        assert "solr" not in text and "127.0.0.1" not in text and "wt=csv" not in text
    assert no_table(res["id"])
    assert any(e["event"] == "outbound.refused" and e["object_id"] == res["id"] for e in events)
    # the same through the function the worker runs for a queued load
    _, queued = link_entry(org, url)
    jobs.job(queued["id"], time.time())
    st = helpers.call_action("shaoxing_datastore_status", resource_id=queued["id"])
    assert st["status"] == "error" and "internal network address" in st["error_en"] and no_table(queued["id"])


def test_f2_a_link_to_this_portals_own_gated_download_is_never_fetched(org, portal, monkeypatch, events):
    """A conditional file, readable by the site's token on the real portal, linked from a
    public entry: never fetched, in any spelling of the portal's address, allowlisted or not."""
    from urllib.parse import urlsplit
    cond = factories.entry(org, data_items=ITEMS, open_level="conditional", open_condition="须签署数据安全承诺书")
    table = upload(cond["id"], "ids.csv", CSV.encode(), "CSV")
    sysadmin = factories.user_in_role("sysadmin")
    token = helpers.call_action("api_token_create", {"user": sysadmin}, user=sysadmin, name="xloader")["token"]
    path = f"/dataset/{cond['id']}/resource/{table['id']}/download/ids.csv"
    site = tk.config["ckan.site_url"].rstrip("/")
    assert requests.get(portal + path, timeout=30).status_code == 403            # gated for the public
    assert "越城区公交站" in requests.get(portal + path, headers={"Authorization": token}, timeout=30).content.decode()
    monkeypatch.setitem(tk.config, "ckanext.xloader.api_token", token)
    monkeypatch.setitem(tk.config, ALLOW, "127.0.0.0/8 ::1 localhost")            # even allowlisted
    host, port = urlsplit(site).hostname, urlsplit(site).port
    spellings = [site + path, f"http://{host.upper()}.:{port}{path}", f"http://127.0.0.1:{port}{path}",
                 f"http://127.1:{port}{path}", f"http://[::ffff:7f00:1]:{port}{path}"]
    for url in spellings:
        _, res = link_entry(org, url)
        state = jobs.load(res["id"])
        assert state["state"] == "error", (url, state)
        assert "本平台自身" in state["error"]["zh"] and "own resources" in state["error"]["en"]
        assert no_table(res["id"])
    assert [e["detail"]["reason"] for e in events if e["event"] == "outbound.refused"] == ["own_portal"] * len(spellings)


# -- finding 4: load errors never show the address -------------------------------------------

def test_f4_load_errors_never_show_a_conditional_entrys_outside_address(app, org, monkeypatch):
    with link_server("127.0.0.10") as srv:
        monkeypatch.setitem(tk.config, ALLOW, "127.0.0.10")
        closed = socket.socket()
        closed.bind(("127.0.0.10", 0))
        closed_port = closed.getsockname()[1]
        closed.close()
        links = {"404": srv.base + "/outside-secret-path/table.csv",
                 "500": srv.serve("/outside-secret-path/broken.csv", b"oops", 500),
                 "closed": f"http://127.0.0.10:{closed_port}/outside-secret-path/t.csv",
                 "refused": "http://10.9.8.7/outside-secret-path/t.csv"}
        for case, url in links.items():
            pkg, res = link_entry(org, url, open_level="conditional", open_condition="须签署数据安全承诺书")
            assert jobs.load(res["id"])["state"] == "error", case
            st = helpers.call_action("shaoxing_datastore_status", resource_id=res["id"])
            shown = " ".join(str(st[k]) for k in ("error", "error_zh", "error_en"))
            assert "outside-secret-path" not in shown and "127.0.0.10" not in shown and "10.9.8.7" not in shown, case
            page = app.get(f"/dataset/{pkg['name']}/resource/{res['id']}").get_data(as_text=True)
            assert 'data-state="error"' in page and "outside-secret-path" not in page, case


# -- the quality link check goes the same way ------------------------------------------------

@ELSEWHERE
def test_quality_link_checks_follow_the_same_rules(monkeypatch):
    with link_server("127.0.0.1") as srv:
        url = srv.serve("/t.csv", CSV.encode())
        resource = {"id": "r-1", "name": "t.csv", "url": url}
        probe = files.probe(resource, 2)
        assert not probe["ok"] and "internal network address" in probe["en"]
        with pytest.raises(files.Unavailable):
            with files.local_copy(resource, ".csv", 1 << 20, 2):
                pass
        assert srv.seen == []
        monkeypatch.setitem(tk.config, ALLOW, "127.0.0.1")
        assert files.probe(resource, 2)["ok"]
        with files.local_copy(resource, ".csv", 1 << 20, 2) as path, open(path, encoding="utf-8") as f:
            assert f.read() == CSV
        assert all("authorization" not in {k.lower() for k in s["headers"]} for s in srv.seen)

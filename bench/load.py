"""The mixed load of the seeded portal: the home page, search (page and API), entry pages,
downloads, `datastore_search` and the open API with an app key, in fixed proportions, from a
number of client threads. Every request is recorded with its times, status and the counters the
portal should have moved if it answered (a view of an entry, a download of a resource, an API
call of a resource or interface, a call of the app key), so a run knows exactly what it did.

Used by the fault-injection soak (bench/soak.py); `targets` finds what to request on a running
portal through its own API."""
from __future__ import annotations

import dataclasses
import random
import threading
import time
import urllib.parse

import requests

# Relative weights of the kinds of request (roughly what a city portal serves).
WEIGHTS = {"home": 1, "search": 2, "search_api": 1, "entry": 3, "download": 3, "datastore": 2, "open_api": 2}
# What the portal answers when it counted the request (usage/hooks.py, the API's success).
COUNTED = {"entry": (200,), "download": (200, 302), "datastore": (200,), "open_api": (200,)}
USER_AGENT = "shaoxing-soak/1 (fault drill)"   # not a crawler's: the portal counts it
TIMEOUT = 30


@dataclasses.dataclass(frozen=True)
class Target:
    kind: str
    path: str
    keyed: bool = False                               # sends the soak's app key (X-App-Key)
    counters: tuple[tuple[str, str], ...] = ()       # (counter, object id) moved when answered


@dataclasses.dataclass
class Sample:
    kind: str
    started: float           # time.time() at the request's start and end
    ended: float
    status: int | None       # None: no answer (connection refused or reset, timeout)
    counters: tuple[tuple[str, str], ...] = ()
    error: str = ""

    @property
    def counted(self) -> bool:
        return self.status in COUNTED.get(self.kind, ())


def _get(session: requests.Session, url: str, **kw) -> dict:
    res = session.get(url, timeout=TIMEOUT, **kw)
    res.raise_for_status()
    return res.json()["result"]


def targets(base: str, key_id: str, granted: set[str] = frozenset(), entries: int = 40, words: int = 20,
            seed: int = 0, most: int = 60) -> list[Target]:
    """What the load requests on the portal at `base`: public entries (pages), the resources of
    unconditional ones (downloads; `datastore_search` with the key when loaded), the open API
    interfaces that answer, and the tables and interfaces of the conditional entries the key's
    company holds a grant on (`granted`: their ids). At most `most` downloads, tables and
    interfaces each, drawn by the seed (the granted ones always kept): fewer objects, each used
    more often, so that a lost count shows on its counter."""
    rng = random.Random(seed)
    out = [Target("home", "/")]
    with requests.Session() as s:
        s.headers["User-Agent"] = USER_AGENT
        found = _get(s, f"{base}/api/3/action/package_search", params={"rows": 1000, "include_private": "false"})
        packages = found["results"]
        interfaces = _get(s, f"{base}/api/3/action/shaoxing_interface_list", params={"kind": "open_api"})
    for pkg in rng.sample(packages, min(entries, len(packages))):
        out.append(Target("entry", f"/dataset/{pkg['name']}", counters=(("view", pkg["id"]),)))
    held: set[Target] = set()
    for pkg in packages:
        open_data = pkg.get("open_level") == "unconditional"
        if not open_data and pkg["id"] not in granted:
            continue
        for res in pkg.get("resources", []):
            if res.get("interface_type") in ("open_api", "shared_api"):
                continue                                       # an interface, not a file
            if open_data:
                out.append(Target("download", f"/dataset/{pkg['id']}/resource/{res['id']}/download",
                                  counters=(("download", res["id"]),)))
            if res.get("datastore_active"):
                out.append(Target("datastore", f"/api/3/action/datastore_search?resource_id={res['id']}&limit=5",
                                  keyed=True, counters=(("api_call", res["id"]), ("key_call", f"{key_id}|{res['id']}"))))
                held |= {out[-1]} if not open_data else set()
    for row in interfaces:
        if row.get("answers") and not row.get("private") and (
                row.get("open_level") == "unconditional" or row["package_id"] in granted):
            out.append(Target("open_api", f"{row['path']}?limit=5", keyed=True,
                              counters=(("api_call", row["id"]), ("key_call", f"{key_id}|{row['id']}"))))
            held |= {out[-1]} if row.get("open_level") != "unconditional" else set()
    out = _at_most(out, most, held, rng)
    titles = [p["title"] for p in packages if p.get("title")]
    for title in rng.sample(titles, min(words, len(titles))):
        word = title[:2]      # a two-character Chinese substring: the search the portal is built for
        q = urllib.parse.quote(word)
        out += [Target("search", f"/dataset/?q={q}"), Target("search_api", f"/api/3/action/package_search?q={q}&rows=5")]
    return out


def _at_most(found: list[Target], most: int, held: set[Target], rng: random.Random) -> list[Target]:
    keep = []
    for kind in WEIGHTS:
        of_kind = [t for t in found if t.kind == kind]
        if kind in ("download", "datastore", "open_api") and len(of_kind) > most:
            kept = [t for t in of_kind if t in held]
            of_kind = kept + rng.sample([t for t in of_kind if t not in held], max(0, most - len(kept)))
        keep += of_kind
    return keep


def answering(base: str, found: list[Target], app_key: str) -> list[Target]:
    """The keyed targets that answer 200 now, and every other one (probed one at a time, under
    the key's per-second limit; before the soak's first reading of the counters)."""
    keep = []
    with requests.Session() as s:
        s.headers.update({"User-Agent": USER_AGENT, "X-App-Key": app_key})
        for t in found:
            if t.keyed:
                time.sleep(0.1)
                if s.get(base + t.path, timeout=TIMEOUT).status_code != 200:
                    continue
            keep.append(t)
    return keep


class Load:
    """`clients` threads requesting `targets` (a kind drawn by WEIGHTS, then a target of it) until
    `stop()`; `samples` holds every request made. Seeded: the same seed draws the same sequence."""

    def __init__(self, base: str, targets: list[Target], clients: int, seed: int, app_key: str | None = None,
                 pause: float = 0.0):
        self.base, self.clients, self.seed, self.app_key, self.pause = base, clients, seed, app_key, pause
        self.by_kind = {kind: [t for t in targets if t.kind == kind] for kind in WEIGHTS}
        self.kinds = [k for k in WEIGHTS if self.by_kind[k]]
        self.samples: list[Sample] = []
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._threads: list[threading.Thread] = []

    def start(self) -> None:
        for n in range(self.clients):
            t = threading.Thread(target=self._client, args=(random.Random(f"{self.seed}:{n}"),), daemon=True)
            t.start()
            self._threads.append(t)

    def stop(self) -> None:
        self._stopping.set()
        for t in self._threads:
            t.join(TIMEOUT + 5)

    def _client(self, rng: random.Random) -> None:
        weights = [WEIGHTS[k] for k in self.kinds]
        with requests.Session() as s:
            s.headers["User-Agent"] = USER_AGENT
            while not self._stopping.is_set():
                kind = rng.choices(self.kinds, weights)[0]
                self._record(self.request(s, rng.choice(self.by_kind[kind])))
                if self.pause:
                    time.sleep(self.pause)

    def request(self, session: requests.Session, target: Target) -> Sample:
        headers = {"X-App-Key": self.app_key} if target.keyed and self.app_key else {}
        started = time.time()
        try:
            res = session.get(self.base + target.path, headers=headers, allow_redirects=False, timeout=TIMEOUT)
            status, error = res.status_code, ""
        except requests.RequestException as e:     # no answer: the server may or may not have counted it
            status, error = None, type(e).__name__
            session.close()                          # a reset connection must not be reused
        return Sample(target.kind, started, time.time(), status, target.counters, error)

    def _record(self, sample: Sample) -> None:
        with self._lock:
            self.samples.append(sample)

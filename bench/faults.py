"""The fault drill of the soak: a seeded timeline of faults (`plan`, pure) and their execution on
the stack of `make run` (`Drill`), each logged with its times.

Faults: `solr`, `redis`, `pg` (the service stopped by its process as `devstack/services.sh
stop-one` does, left down for a few seconds, started again by `services.sh start`), `worker`
(the jobs worker killed with SIGKILL and started again by `portal.sh start`), `web` (SIGKILL to
one gunicorn worker; the master forks a new one). A fault's window runs from the moment it is
injected until the service answers again plus `GRACE` seconds for connections to come back:
inside it a 503 is right, outside it no 5xx is."""
from __future__ import annotations

import dataclasses
import os
import pathlib
import random
import signal
import subprocess
import time

import psutil
import requests

ROOT = pathlib.Path(__file__).resolve().parents[1]
DEVSTACK = pathlib.Path(os.environ.get("SHAOXING_DEVSTACK", ROOT / ".devstack"))
KINDS = ("solr", "redis", "pg", "worker", "web")
SERVICES = {"solr", "redis", "pg"}
GRACE = 5.0
# The processes `make run` keeps running besides the services (devstack/portal.sh), by pid file.
LONG_RUNNING = ("gunicorn", "worker", "flusher")


@dataclasses.dataclass
class Fault:
    at: float                 # seconds after the load started
    kind: str
    down_for: float           # seconds the service stays stopped (0: a web worker killed)
    # Filled in when injected (time.time()): when the fault began, when the service was back.
    started: float | None = None
    recovered: float | None = None
    note: str = ""
    # Processes of the stack found dead once the fault was over (started again by the drill).
    casualties: list[str] = dataclasses.field(default_factory=list)

    def window(self) -> tuple[float, float] | None:
        """[start, end] of the seconds where a 503 is right; None if never injected."""
        if self.started is None:
            return None
        return self.started, (self.recovered if self.recovered is not None else float("inf")) + GRACE


def plan(seed: int, duration: float, kinds: tuple[str, ...] = KINDS, gap: tuple[float, float] = (20, 60),
         down: tuple[float, float] = (3, 12), settle: float = 45, warmup: float = 10) -> list[Fault]:
    """Faults at seeded random moments of a run of `duration` seconds: after `warmup`, one after
    another `gap` seconds apart (from the end of the previous one's downtime plus `settle`, the
    time a restart takes), none starting later than `duration - settle`. Kinds come round in
    seeded shuffles, so a run long enough meets each at least once; the first fault comes at the
    earliest moment a short run allows."""
    rng = random.Random(seed)
    out: list[Fault] = []
    bag: list[str] = []
    t = warmup + rng.uniform(0, max(0.0, min(gap[0], duration - settle - warmup)))
    while t <= duration - settle:
        if not bag:
            bag = list(kinds)
            rng.shuffle(bag)
        kind = bag.pop()
        down_for = 0.0 if kind == "web" else round(rng.uniform(*down), 1)
        out.append(Fault(round(t, 1), kind, down_for))
        t += down_for + settle + rng.uniform(*gap)
    return out


def _run(*args: str) -> str:
    res = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, env=os.environ)
    if res.returncode:
        raise RuntimeError(f"{' '.join(args)}: {(res.stderr or res.stdout).strip()[-500:]}")
    return res.stdout


def _pid(name: str) -> int | None:
    try:
        return int((DEVSTACK / f"{name}.pid").read_text().strip())
    except (OSError, ValueError):
        return None


def _alive(name: str) -> bool:
    pid = _pid(name)
    try:
        return pid is not None and psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


class Drill:
    """Injects faults on the stack of `make run` at `base` (the portal's address)."""

    def __init__(self, base: str, rng: random.Random, log=print):
        self.base, self.rng, self.log = base, rng, log

    def inject(self, fault: Fault) -> None:
        fault.started = time.time()
        try:
            getattr(self, f"_{fault.kind}")(fault)
        except Exception as e:      # recorded in the report; the drill goes on
            fault.note = f"{fault.note} failed: {e}".strip()
        fault.recovered = time.time()
        self.bury(fault)

    def bury(self, fault: Fault) -> None:
        """The stack's long-running processes that the fault left dead are recorded and started
        again (as an operator would), so that the next fault meets a whole stack."""
        time.sleep(2)          # a process that is leaving has left
        fault.casualties = [name for name in LONG_RUNNING if not _alive(name)]
        if fault.casualties:
            _run("devstack/portal.sh", "start")

    def _stop_start(self, fault: Fault, name: str) -> None:
        _run("devstack/services.sh", "stop-one", name)
        time.sleep(fault.down_for)
        _run("devstack/services.sh", "start", "shaoxing")

    def _solr(self, fault: Fault) -> None:
        self._stop_start(fault, "solr")

    def _redis(self, fault: Fault) -> None:
        self._stop_start(fault, "redis")

    def _pg(self, fault: Fault) -> None:
        self._stop_start(fault, "pg")

    def _worker(self, fault: Fault) -> None:
        if not _alive("worker"):      # left dead by an earlier fault (and not yet buried): back first
            _run("devstack/portal.sh", "start")
            fault.note = "jobs worker found dead, started again first; "
        pid = _pid("worker")
        os.killpg(pid, signal.SIGKILL)      # started with setsid: the worker and its work horse
        fault.note += f"jobs worker pid {pid} SIGKILL"
        time.sleep(fault.down_for)
        _run("devstack/portal.sh", "start")

    def _web(self, fault: Fault) -> None:
        master = psutil.Process(_pid("gunicorn"))
        workers = sorted(master.children(), key=lambda p: p.pid)
        victim = self.rng.choice(workers)
        victim.send_signal(signal.SIGKILL)
        fault.note = f"gunicorn worker pid {victim.pid} SIGKILL (of {len(workers)})"
        deadline = time.time() + 60        # back when the master has forked a replacement
        while time.time() < deadline:
            alive = [p for p in master.children() if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]
            if len(alive) >= len(workers) and victim.pid not in {p.pid for p in alive}:
                break
            time.sleep(0.2)

    def healthy(self, timeout: float = 120) -> bool:
        """The portal answers its status API (after the last fault, before the final reading)."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            try:
                if requests.get(f"{self.base}/api/3/action/status_show", timeout=5).status_code == 200:
                    return True
            except requests.RequestException:
                pass
            time.sleep(1)
        return False

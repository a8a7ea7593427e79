"""The soak's pieces that need no running portal: the seeded fault timeline and the report's
arithmetic (5xx inside and outside fault windows, counters against what the load did)."""
import http.server
import subprocess
import threading

import requests

from bench import faults, load, soak_report
from bench.load import Sample

VIEW = ("view", "pkg-1")
DOWNLOAD = ("download", "res-1")


def sample(kind="entry", at=100.0, took=0.5, status=200, counters=(VIEW,)):
    return Sample(kind, at, at + took, status, counters)


def test_the_same_seed_draws_the_same_timeline_and_another_seed_another():
    one, again, other = faults.plan(7, 600), faults.plan(7, 600), faults.plan(8, 600)
    assert [(f.at, f.kind, f.down_for) for f in one] == [(f.at, f.kind, f.down_for) for f in again]
    assert [(f.at, f.kind) for f in one] != [(f.at, f.kind) for f in other]


def test_faults_follow_one_another_and_end_before_the_run_does():
    for seed in range(20):
        plan = faults.plan(seed, 600, settle=45, gap=(20, 60))
        for previous, fault in zip(plan, plan[1:]):
            assert fault.at >= previous.at + previous.down_for + 45 + 20
        assert all(f.at <= 600 - 45 for f in plan)
        assert all((f.down_for == 0) == (f.kind == "web") for f in plan)


def test_ten_minutes_meet_every_kind_of_fault_and_a_short_smoke_one():
    for seed in range(10):
        assert {f.kind for f in faults.plan(seed, 600)} == set(faults.KINDS)
        assert len(faults.plan(seed, 60)) == 1
    assert {f.kind for f in faults.plan(3, 600, kinds=("redis",))} == {"redis"}


def test_a_fault_window_runs_from_its_injection_to_recovery_and_grace():
    fault = faults.Fault(at=30, kind="pg", down_for=5)
    assert fault.window() is None
    fault.started, fault.recovered = 1000.0, 1012.0
    assert fault.window() == (1000.0, 1012.0 + faults.GRACE)


def test_5xx_are_split_by_fault_window_and_a_500_is_wrong_anywhere():
    windows = [(200.0, 220.0)]
    samples = [
        sample(at=210, status=503), sample(at=199.8, status=503),     # in flight when the fault began
        sample(at=215, status=500),                                    # inside, but never right
        sample(at=300, status=502), sample(at=400, status=500),        # outside
        sample(at=150, status=200), sample(at=205, status=None),       # no answer during the fault
    ]
    r = soak_report.requests_summary(samples, windows)
    assert (r["made"], r["answered"], r["no_answer"], r["no_answer_in_window"]) == (7, 6, 1, 1)
    assert r["5xx_in_fault_window"] == {"500": 1, "503": 2}
    assert r["5xx_outside"] == {"500": 1, "502": 1}
    assert r["500_anywhere"] == 2
    assert r["by_status"] == {"200": 1, "500": 2, "502": 1, "503": 2, "no answer": 1}
    assert r["by_kind"]["entry"]["503"] == 2


def test_each_fault_window_says_what_was_answered_and_counted_during_it():
    samples = [sample(at=210, status=200), sample(at=212, status=503), sample(at=300, status=200),
               sample("download", at=205, status=302, counters=(DOWNLOAD,))]
    assert soak_report.in_each_window(samples, [(200.0, 220.0), None]) == [
        {"answers": {"200": 1, "302": 1, "503": 1}, "counted": {"download": 1, "view": 1}},
        {"answers": {}, "counted": {}}]


def test_counters_exact_lost_or_uncertain():
    samples = [sample(status=200)] * 3 + [sample(status=503), sample(status=None)]
    samples += [sample("download", status=302, counters=(DOWNLOAD,))] * 4
    sure, maybe = soak_report.expected_counts(samples)
    assert sure == {VIEW: 3, DOWNLOAD: 4} and maybe == {VIEW: 1}
    before = {VIEW: 10, DOWNLOAD: 5, ("view", "untouched"): 2}
    # Views: 3 certain plus 1 request without an answer the server may have counted: 3 or 4 is exact.
    for views in (3, 4):
        got = soak_report.compare(before, {**before, VIEW: 10 + views, DOWNLOAD: 5 + 4}, sure, maybe)
        assert got["view"]["exact"] and got["download"]["exact"]
    # Two downloads lost (counted while Redis was down, then dropped), and a count nobody made.
    got = soak_report.compare(before, {VIEW: 13, DOWNLOAD: 7, ("view", "untouched"): 3}, sure, maybe)
    assert got["download"]["exact"] is False
    assert got["download"]["off"] == [{"object": "res-1", "expected": 4, "counted": 2, "difference": -2, "unanswered": 0}]
    assert (got["download"]["expected"], got["download"]["counted"], got["download"]["difference"]) == (4, 2, -2)
    assert got["view"]["off"] == [{"object": "untouched", "expected": 0, "counted": 1, "difference": 1, "unanswered": 0}]
    assert got["api_call"] == {**got["api_call"], "expected": 0, "counted": 0, "exact": True}


def test_the_markdown_report_says_the_figures_and_the_verdict():
    samples = [sample(status=200), sample(at=210, status=503)]
    fault = faults.Fault(at=10, kind="solr", down_for=4, started=205.0, recovered=212.0)
    report = {"started_utc": "2026-12-04 05:00:00 UTC", "duration_s": 60, "clients": 2, "seed": 1,
              "requests": soak_report.requests_summary(samples, [fault.window()]),
              "counters": soak_report.compare({}, {VIEW: 1}, *soak_report.expected_counts(samples)),
              "faults": [{"at": 10, "kind": "solr", "down_for": 4, "note": "", "window": [5.0, 17.0],
                          **soak_report.in_each_window(samples, [fault.window()])[0]},
                         {"at": 30, "kind": "redis", "down_for": 5, "note": "", "window": [25.0, 40.0],
                          "casualties": ["worker"]}],
              "goals": {"no 500 anywhere": True, "every counter exact": True}}
    text = soak_report.markdown(report)
    assert "2 requests made, 2 answered" in text
    assert "| 10.0 | solr | 4 | 5.0–17.0 | 503×1 |  |" in text
    assert "5xx during a fault window (503 is right there, 500 never): {'503': 1}" in text
    assert "| views (per entry) | 1 | 1 | +0 | 0 | 0 | yes |" in text
    assert "| 30.0 | redis | 5 | 25.0–40.0 |  |  | **left dead: worker** (started again) |" in text
    assert "- no 500 anywhere: met" in text


def test_the_load_records_every_request_with_what_it_should_have_counted():
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response({"/dataset/a": 200, "/dl": 302, "/": 503}[self.path])
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        found = [load.Target("entry", "/dataset/a", counters=(VIEW,)),
                 load.Target("download", "/dl", counters=(DOWNLOAD,)), load.Target("home", "/")]
        generator = load.Load(base, found, clients=1, seed=1)
        with requests.Session() as s:
            samples = [generator.request(s, t) for t in found]
        samples.append(load.Load("http://127.0.0.1:1", found, 1, 1).request(requests.Session(), found[0]))
    finally:
        server.shutdown()
    assert [(s.kind, s.status, s.counted) for s in samples] == [
        ("entry", 200, True), ("download", 302, True), ("home", 503, False), ("entry", None, False)]
    assert samples[-1].error == "ConnectionError" and samples[0].counters == (VIEW,)
    assert soak_report.expected_counts(samples) == ({VIEW: 1, DOWNLOAD: 1}, {VIEW: 1})


def test_the_drill_stops_only_the_services_the_stack_knows():
    res = subprocess.run([str(faults.ROOT / "devstack/services.sh"), "stop-one", "mysql"], capture_output=True, text=True)
    assert res.returncode == 1
    assert res.stderr == "ERROR: usage: services.sh stop-one pg|redis|solr\n"

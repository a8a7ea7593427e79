"""The soak's arithmetic, pure: requests by status and kind, 5xx inside and outside the fault
windows, and the portal's counters against what the load generator knows it did."""
from __future__ import annotations

import collections

from bench.load import Sample

COUNTER_NAMES = {"view": "views (per entry)", "download": "downloads (per resource)",
                 "api_call": "API calls (per resource or interface)", "key_call": "app key calls (per key and resource)"}


def in_window(sample: Sample, windows: list[tuple[float, float]]) -> bool:
    """Whether the request overlapped a fault window (it was in flight while a service was down)."""
    return any(sample.started <= end and sample.ended >= start for start, end in windows)


def requests_summary(samples: list[Sample], windows: list[tuple[float, float]]) -> dict:
    by_status = collections.Counter(str(s.status) if s.status is not None else "no answer" for s in samples)
    by_kind: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    inside: collections.Counter = collections.Counter()
    outside: collections.Counter = collections.Counter()
    outside_examples: list[dict] = []
    for s in samples:
        by_kind[s.kind][str(s.status) if s.status is not None else "no answer"] += 1
        if s.status is not None and s.status >= 500:
            if in_window(s, windows):
                inside[str(s.status)] += 1
            else:
                outside[str(s.status)] += 1
                if len(outside_examples) < 20:
                    outside_examples.append({"kind": s.kind, "status": s.status, "at": s.started})
    answered = sum(1 for s in samples if s.status is not None)
    no_answer = [s for s in samples if s.status is None]
    return {
        "made": len(samples), "answered": answered, "no_answer": len(no_answer),
        "no_answer_in_window": sum(1 for s in no_answer if in_window(s, windows)),
        "by_status": dict(sorted(by_status.items())),
        "by_kind": {k: dict(sorted(v.items())) for k, v in sorted(by_kind.items())},
        "5xx_in_fault_window": dict(sorted(inside.items())),
        "5xx_outside": dict(sorted(outside.items())),
        "500_anywhere": inside.get("500", 0) + outside.get("500", 0),
        "5xx_outside_examples": outside_examples,
    }


def in_each_window(samples: list[Sample], windows: list[tuple[float, float] | None]) -> list[dict]:
    """Per fault window: the answers of the requests in flight during it, and how many of them the
    portal should have counted per counter (to set a counter's loss beside the fault that caused it)."""
    out = []
    for window in windows:
        statuses: collections.Counter = collections.Counter()
        counted: collections.Counter = collections.Counter()
        for s in samples:
            if window and in_window(s, [window]):
                statuses[str(s.status) if s.status is not None else "no answer"] += 1
                if s.counted:
                    counted.update(name for name, _ in s.counters)
        out.append({"answers": dict(sorted(statuses.items())), "counted": dict(sorted(counted.items()))})
    return out


def expected_counts(samples: list[Sample]) -> tuple[dict[tuple[str, str], int], dict[tuple[str, str], int]]:
    """(what the portal must have counted: answered as counted; what it may have counted: no
    answer, so the server may have counted before the connection was lost) per (counter, object)."""
    sure: collections.Counter = collections.Counter()
    maybe: collections.Counter = collections.Counter()
    for s in samples:
        for counter in s.counters:
            if s.counted:
                sure[counter] += 1
            elif s.status is None:
                maybe[counter] += 1
    return dict(sure), dict(maybe)


def compare(before: dict[tuple[str, str], int], after: dict[tuple[str, str], int],
            sure: dict[tuple[str, str], int], maybe: dict[tuple[str, str], int]) -> dict:
    """Per counter kind: expected, counted (after − before), difference, and the objects whose
    count is off. A count within [expected, expected + unanswered requests] is exact as far as
    the client can know; outside it, the difference is reported. Objects the load never touched
    but whose count moved are reported too."""
    objects = set(sure) | set(maybe) | {k for k in set(after) | set(before) if after.get(k, 0) != before.get(k, 0)}
    out: dict[str, dict] = {}
    for name in COUNTER_NAMES:
        rows = []
        totals = {"expected": 0, "counted": 0, "unanswered": 0}
        for key in sorted(k for k in objects if k[0] == name):
            expected, counted, unanswered = sure.get(key, 0), after.get(key, 0) - before.get(key, 0), maybe.get(key, 0)
            totals["expected"] += expected
            totals["counted"] += counted
            totals["unanswered"] += unanswered
            if not expected <= counted <= expected + unanswered:
                rows.append({"object": key[1], "expected": expected, "counted": counted, "difference": counted - expected,
                             "unanswered": unanswered})
        out[name] = {"label": COUNTER_NAMES[name], **totals, "difference": totals["counted"] - totals["expected"],
                     "objects_off": len(rows), "off": rows[:50],
                     "exact": not rows}
    return out


def markdown(report: dict) -> str:
    """The report as a Markdown page (bench/results/soak.md)."""
    r, lines = report["requests"], []
    lines += [f"# Fault-injection soak, {report['started_utc']}", "",
              f"{report['duration_s']:.0f} s, {report['clients']} clients, seed {report['seed']}, "
              f"{r['made']} requests made, {r['answered']} answered, {r['no_answer']} without an answer "
              f"({r['no_answer_in_window']} of them during a fault).", "",
              "## Faults", "", "| at (s) | fault | down (s) | window (s) | answers in the window | counted in the window "
              "| note |", "|---|---|---|---|---|---|---|"]
    for f in report["faults"]:
        window = f"{f['window'][0]:.1f}–{f['window'][1]:.1f}" if f["window"] else "not injected"
        answers = " ".join(f"{k}×{v}" for k, v in f.get("answers", {}).items())
        counted = " ".join(f"{k}×{v}" for k, v in f.get("counted", {}).items())
        dead = f.get("casualties")
        note = "; ".join(x for x in (f["note"], dead and f"**left dead: {', '.join(dead)}** (started again)") if x)
        lines.append(f"| {f['at']:.1f} | {f['kind']} | {f['down_for']} | {window} | {answers} | {counted} | {note} |")
    lines += ["", "## Answers", "", "| status | requests |", "|---|---|"]
    lines += [f"| {k} | {v} |" for k, v in r["by_status"].items()]
    lines += ["", "| kind | " + " | ".join(sorted({s for v in r["by_kind"].values() for s in v})) + " |"]
    statuses = sorted({s for v in r["by_kind"].values() for s in v})
    lines += ["|---|" + "---|" * len(statuses)]
    lines += [f"| {k} | " + " | ".join(str(v.get(s, 0)) for s in statuses) + " |" for k, v in r["by_kind"].items()]
    lines += ["", f"5xx during a fault window (503 is right there, 500 never): {r['5xx_in_fault_window'] or 'none'}",
              f"5xx outside the fault windows (goal: none): {r['5xx_outside'] or 'none'}",
              f"500 anywhere (goal: none): {r['500_anywhere']}", "",
              "## Counters (after a final flush, against what the load did)", "",
              "| counter | expected | counted | difference | unanswered requests | objects off | exact |",
              "|---|---|---|---|---|---|---|"]
    for c in report["counters"].values():
        lines.append(f"| {c['label']} | {c['expected']} | {c['counted']} | {c['difference']:+d} | {c['unanswered']} | "
                     f"{c['objects_off']} | {'yes' if c['exact'] else '**no**'} |")
    lines += ["", "## Verdict", ""] + [f"- {k}: {'met' if v else '**not met**'}" for k, v in report["goals"].items()]
    return "\n".join(lines) + "\n"

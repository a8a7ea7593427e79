"""Aggregation of judges' totals, in one SQL statement (PostgreSQL does the counting;
Python only orders and marks ties).

- mean: the average of the judges' totals;
- trimmed_mean: drop one highest and one lowest total when an entry has at least
  `ckanext.shaoxing_contest.trimmed_mean_min_judges` judges, else the mean (said per entry);
- zscore: per judge (x − judge mean) / judge SD, averaged per entry, mapped back to the 0–100
  scale with the phase's mean and SD; needs ≥ ZSCORE_MIN_SCORES scores from every judge, else
  the mean (said for the phase)."""
from __future__ import annotations

import json
import logging

import ckan.plugins.toolkit as tk
from ckan.lib.redis import connect_to_redis
from redis.exceptions import RedisError

from ckanext.shaoxing import prepared

log = logging.getLogger(__name__)
CACHE_SECONDS = 600

ZSCORE_MIN_SCORES = 5
TIE_DIGITS = 6   # totals are sums of weights × scores: equal to 6 places means equal

# Per entry: judges, mean, sum, highest, lowest and every total (mean and trimmed mean need no more).
# The totals are put in order in Python: an ordered array_agg sorts each of the 500 entries apart.
PLAIN = prepared.Statement("shaoxing_contest_plain", """
WITH e AS (SELECT submission_id, count(*) AS n, avg(total) AS mean, sum(total) AS sum, max(total) AS hi,
                  min(total) AS lo, array_agg(total) AS totals, 0.0 AS z
           FROM contest_score WHERE contest_id = :c AND phase = :p GROUP BY submission_id)
SELECT s.id, s.title, s.track, s.team_id, tm.name AS team_name, e.n, e.mean, e.sum, e.hi, e.lo, e.z, e.totals,
       NULL::float AS gm, NULL::float AS gsd, NULL::bigint AS min_per_judge
FROM contest_submission s JOIN contest_team tm ON tm.id = s.team_id LEFT JOIN e ON e.submission_id = s.id
WHERE s.contest_id = :c AND s.phase = :p
""", {"c": "text", "p": "text"})
# The same plus each judge's mean and SD (z per score), the phase's mean and SD, and the fewest
# scores any judge gave.
ZSCORE = prepared.Statement("shaoxing_contest_zscore", """
WITH t AS (SELECT submission_id, judge_id, total FROM contest_score WHERE contest_id = :c AND phase = :p),
     j AS (SELECT judge_id, avg(total) AS jm, stddev_samp(total) AS jsd, count(*) AS jn FROM t GROUP BY judge_id),
     g AS (SELECT avg(total) AS gm, coalesce(stddev_samp(total), 0) AS gsd, (SELECT min(jn) FROM j) AS min_per_judge
           FROM t),
     e AS (SELECT t.submission_id, count(*) AS n, avg(t.total) AS mean, sum(t.total) AS sum,
                  max(t.total) AS hi, min(t.total) AS lo,
                  avg(coalesce((t.total - j.jm) / nullif(j.jsd, 0), 0)) AS z,
                  array_agg(t.total) AS totals
           FROM t JOIN j USING (judge_id) GROUP BY t.submission_id)
SELECT s.id, s.title, s.track, s.team_id, tm.name AS team_name, e.n, e.mean, e.sum, e.hi, e.lo, e.z, e.totals,
       g.gm, g.gsd, g.min_per_judge
FROM contest_submission s JOIN contest_team tm ON tm.id = s.team_id
LEFT JOIN e ON e.submission_id = s.id CROSS JOIN g
WHERE s.contest_id = :c AND s.phase = :p
""", {"c": "text", "p": "text"})


def compute(contest_id: str, phase: str, method: str, anonymous: bool) -> dict:
    query = ZSCORE if method == "zscore" else PLAIN
    rows = query({"c": contest_id, "p": phase}).mappings().all()
    min_judges = tk.config.get("ckanext.shaoxing_contest.trimmed_mean_min_judges")
    used, note = method, None
    if method == "zscore":
        least = rows[0]["min_per_judge"] if rows else None
        if least is None or least < ZSCORE_MIN_SCORES:
            used = "mean"
            note = (f"有评委评分少于 {ZSCORE_MIN_SCORES} 份，改用平均分 / a judge has fewer than {ZSCORE_MIN_SCORES} "
                    "scores: the mean is used")
    entries = []
    for r in rows:
        entry = {"submission_id": r["id"], "title": r["title"], "track": r["track"], "judges": r["n"] or 0,
                 "totals": [round(x, 4) for x in sorted(r["totals"] or [])], "mean": r["mean"], "method": used}
        if not anonymous:
            entry.update(team_id=r["team_id"], team_name=r["team_name"])
        if not r["n"]:
            entry.update(score=None, method=None)
        elif used == "trimmed_mean":
            if r["n"] >= max(min_judges, 3):
                entry["score"] = (r["sum"] - r["hi"] - r["lo"]) / (r["n"] - 2)
            else:
                entry.update(score=r["mean"], method="mean")
                entry["note"] = f"评委少于 {min_judges} 人，使用平均分 / fewer than {min_judges} judges: the mean"
        elif used == "zscore":
            entry["score"] = r["gm"] + r["gsd"] * r["z"]
        else:
            entry["score"] = r["mean"]
        entries.append(entry)
    entries.sort(key=lambda e: (e["score"] is None, -(e["score"] or 0), e["title"]))
    ties, previous = [], None
    for i, e in enumerate(entries):
        key = None if e["score"] is None else round(e["score"], TIE_DIGITS)
        if key is not None and previous is not None and key == previous[0]:
            e["rank"] = previous[1]
            e["tie"] = entries[i - 1]["tie"] = True
            if ties and ties[-1]["rank"] == e["rank"]:
                ties[-1]["submission_ids"].append(e["submission_id"])
            else:
                ties.append({"rank": e["rank"], "submission_ids": [entries[i - 1]["submission_id"], e["submission_id"]]})
        else:
            e["rank"] = None if key is None else i + 1
            e["tie"] = False
        previous = (key, e["rank"])
        if e["score"] is not None:
            e["score"] = round(e["score"], 4)
            e["mean"] = round(e["mean"], 4)
    return {"contest_id": contest_id, "phase": phase, "aggregation": method, "used": used, "note": note,
            "min_judges_for_trimmed_mean": min_judges, "entries": entries, "ties": ties}


def _generation_key(contest_id: str) -> str:
    return f"shaoxing:contest:{contest_id}:generation"


def retire(contest_id: str | None) -> None:
    """Every cached ranking of the contest is stale: a new generation makes them unreachable."""
    if contest_id:
        try:
            connect_to_redis().incr(_generation_key(contest_id))
        except RedisError:
            log.warning("Redis unavailable: contest rankings are computed without the cache")


def cached(contest_id: str, phase: str, method: str, anonymous: bool) -> dict:
    """compute(), kept in Redis (shared by all workers) until the contest's next audited change or
    CACHE_SECONDS. The generation is read before computing, so a ranking computed from rows that
    changed meanwhile is stored under a generation nobody reads any more."""
    try:
        redis = connect_to_redis()
        generation = int(redis.get(_generation_key(contest_id)) or 0)
        min_judges = tk.config.get("ckanext.shaoxing_contest.trimmed_mean_min_judges")
        key = f"shaoxing:contest:{contest_id}:ranking:{generation}:{phase}:{method}:{min_judges}:{int(anonymous)}"
        if (hit := redis.get(key)) is not None:
            return json.loads(hit)
    except RedisError:
        return compute(contest_id, phase, method, anonymous)
    result = compute(contest_id, phase, method, anonymous)
    try:
        redis.setex(key, CACHE_SECONDS, json.dumps(result, ensure_ascii=False))
    except RedisError:
        pass
    return result

"""The SQL the views run on a DataStore table: one grouped aggregation (count / sum / avg of a
numeric column by a category, a date bucket, a histogram bin or a district) and the map's points.
Column names come only from the table's own fields (checked by the caller) and are quoted as
identifiers; every value is a bound parameter; nothing a user types becomes SQL text.

Columns are read by what they hold, not only by their type: a numeric column declared as text
(a longitude item is loaded as text) counts where its text is a number; a date column declared
as text reads the forms people write (2024-05-01, 2024/5/1, 2024.5.1, 2024年5月1日, 20240501)
and counts the rest as unreadable."""
from __future__ import annotations

NUMERIC_TYPES = {"int2", "int4", "int8", "integer", "bigint", "smallint", "numeric", "float4", "float8",
                 "real", "double precision", "decimal"}
DATE_TYPES = {"date", "timestamp", "timestamptz", "timestamp without time zone", "timestamp with time zone"}
TEXT_TYPES = {"text", "varchar", "character varying"}

TOP = 20            # categories shown; the rest are one "其他"
MAX_BUCKETS = 400   # date buckets and histogram bins at most (a day bucket over years is refused as too fine)
BUCKETS = {"day": "day", "month": "month", "year": "year"}


def ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def number(column: str, kind: str) -> str:
    """The column as numeric; NULL where its text is not a number."""
    c = ident(column)
    if kind in NUMERIC_TYPES:
        return f"{c}::numeric"
    return (f"CASE WHEN btrim({c}::text) ~ '^[+-]?[0-9]{{1,15}}(\\.[0-9]{{1,15}})?$' "
            f"THEN btrim({c}::text)::numeric END")


def date(column: str, kind: str) -> tuple[str, str]:
    """(the column as a date, NULL where unreadable; a LATERAL join it needs, or "")."""
    c = ident(column)
    if kind in DATE_TYPES:
        return f"{c}::date", ""
    # y, m, d taken apart by one of two patterns; a date only if it exists (2023-02-30 does not).
    lateral = (f" LEFT JOIN LATERAL (SELECT ARRAY[m[1]::int, m[2]::int, m[3]::int] AS p FROM (SELECT coalesce("
               f"regexp_match(btrim({c}::text), '^([0-9]{{4}})[-/.年]([0-9]{{1,2}})[-/.月]([0-9]{{1,2}})日?([ T].*)?$'), "
               f"regexp_match(btrim({c}::text), '^([0-9]{{4}})([0-9]{{2}})([0-9]{{2}})()$')) AS m) AS _m) AS _p ON true")
    valid = ("_p.p[1] IS NOT NULL AND _p.p[1] BETWEEN 1 AND 9999 AND _p.p[2] BETWEEN 1 AND 12 AND _p.p[3] >= 1 "
             "AND _p.p[3] <= extract(day from make_date(_p.p[1], _p.p[2], 1) + interval '1 month - 1 day')")
    return f"(CASE WHEN {valid} THEN make_date(_p.p[1], _p.p[2], _p.p[3]) END)", lateral


def present(column: str) -> str:
    """Whether the row holds anything in the column (an unreadable value is not an empty one)."""
    c = ident(column)
    return f"({c} IS NOT NULL AND btrim({c}::text) <> '')"


def aggregate(table: str, fields: dict[str, str], group_by: str, group: str, agg: str,
              value: str | None, bins: int) -> tuple[str, dict]:
    """(statement, parameters): one row per group shown — key, n (rows), nv (rows with a value),
    s (their sum), np (rows with something in the group column), rank — plus a row for the rest
    ("其他": key NULL, missing false) and one for rows whose group is empty or unreadable
    (missing true)."""
    lateral = ""
    params: dict = {"top": TOP if group in ("category", "region") else MAX_BUCKETS}
    if group == "category":
        key = f"{ident(group_by)}::text"
        key = f"CASE WHEN btrim({key}) <> '' THEN btrim({key}) END"
    elif group == "region":
        key = f"substring(btrim({ident(group_by)}::text) from '^([0-9]{{6}})(?:[0-9]{{3}}){{0,2}}$')"
        params["top"] = 100
    elif group in BUCKETS:
        day, lateral = date(group_by, fields[group_by])
        key = f"date_trunc('{BUCKETS[group]}', {day})::date"
    else:   # bin: width_bucket over the column's own range, `bins` equal bins
        v = number(group_by, fields[group_by])
        key = (f"CASE WHEN _b.lo = _b.hi THEN 1 ELSE least(width_bucket({v}, _b.lo, _b.hi, :bins), :bins) END")
        lateral = f" CROSS JOIN (SELECT min({v}) AS lo, max({v}) AS hi FROM {ident(table)}) AS _b"
        params["bins"] = bins
    val = number(value, fields[value]) if value else "NULL::numeric"
    order = {"count": "n DESC", "sum": "s DESC NULLS LAST", "avg": "s / nullif(nv, 0) DESC NULLS LAST"}[agg]
    order = f"{order}, k" if group in ("category", "region") else "k"
    extra = ", min(lo) AS lo, max(hi) AS hi" if group == "bin" else ""
    inner_extra = ", _b.lo, _b.hi" if group == "bin" else ""
    statement = f"""
WITH g AS (
  SELECT k, count(*) AS n, count(v) AS nv, sum(v) AS s, count(*) FILTER (WHERE pr) AS np{extra}
  FROM (SELECT {key} AS k, {val} AS v, {present(group_by)} AS pr{inner_extra}
        FROM {ident(table)}{lateral}) AS x
  GROUP BY k),
r AS (SELECT g.*, CASE WHEN k IS NOT NULL THEN row_number() OVER (PARTITION BY k IS NULL ORDER BY {order}) END AS rn
      FROM g)
SELECT CASE WHEN rn <= :top THEN k::text END AS key, k IS NULL AS missing, sum(n) AS n, sum(nv) AS nv,
       sum(s) AS s, sum(np) AS np, min(rn) AS rank{", min(lo) AS lo, max(hi) AS hi" if group == "bin" else ""}
FROM r GROUP BY 1, 2 ORDER BY 2, 7"""
    return statement, params


def count(table: str) -> str:
    return f"SELECT count(*) FROM {ident(table)}"


def points(table: str, fields: dict[str, str], lon: str, lat: str, labels: list[str]) -> str:
    """A page of rows after `:after` (by _id): _id, the two numbers and the popup's columns."""
    shown = "".join(f", {ident(c)}::text AS {ident('l' + str(i))}" for i, c in enumerate(labels))
    return (f"SELECT _id, {number(lon, fields[lon])} AS lon, {number(lat, fields[lat])} AS lat{shown} "
            f"FROM {ident(table)} WHERE _id > :after ORDER BY _id LIMIT :page")


def clusters(table: str, fields: dict[str, str], lon: str, lat: str) -> str:
    """Rows within the box grouped into square cells of :cell degrees: count and mean position.
    Rows outside the box are counted by `outside`."""
    x, y = number(lon, fields[lon]), number(lat, fields[lat])
    return f"""
SELECT floor(x / :cell) AS cx, floor(y / :cell) AS cy, count(*) AS n, avg(x)::float8 AS lon, avg(y)::float8 AS lat
FROM (SELECT {x} AS x, {y} AS y FROM {ident(table)}) AS t
WHERE x BETWEEN :west AND :east AND y BETWEEN :south AND :north
GROUP BY 1, 2"""


def tally(table: str, fields: dict[str, str], lon: str, lat: str) -> str:
    """Rows, rows with both numbers, inside the box, swapped (inside once exchanged)."""
    x, y = number(lon, fields[lon]), number(lat, fields[lat])
    return f"""
SELECT count(*) AS rows, count(*) FILTER (WHERE x IS NOT NULL AND y IS NOT NULL) AS numbers,
       count(*) FILTER (WHERE x BETWEEN :west AND :east AND y BETWEEN :south AND :north) AS inside,
       count(*) FILTER (WHERE y BETWEEN :west AND :east AND x BETWEEN :south AND :north) AS swapped
FROM (SELECT {x} AS x, {y} AS y FROM {ident(table)}) AS t"""

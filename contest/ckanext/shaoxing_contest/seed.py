"""The seed contests of a fresh portal (`ckan shaoxing-contest seed`): edition 3 live, with
registration open from the moment the seed runs, and editions 1–2 archived with published
results and winning apps citing catalogue datasets (found by their 信息资源代码 through
package_search at seed time). Everything goes through the contest actions; an edition that
exists already is left as it is, so the command is safe to re-run."""
from __future__ import annotations

import datetime as dt
import io
import secrets
import struct
import zlib
from typing import Iterator

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.shaoxing import clock

DAY = dt.timedelta(days=1)
PACK = ["SX-JT-2022-0006", "SX-JT-2022-0002", "SX-CSGL-2019-0001", "SX-CSGL-2021-0001", "SX-YLJK-2020-0001",
        "SX-YLJK-2021-0001", "SX-WHLY-2020-0001", "SX-WHLY-2021-0002", "SX-STHJ-2021-0003"]
RULES = """## 参赛规则 / Rules

1. 企业、高校和个人均可报名，每队 1–5 人，每人每届只能参加一支队伍。
   Companies, universities and individuals may enter; teams of 1–5, one team per person per edition.
2. 每件作品须引用至少一个本平台的公开数据集。Every entry cites at least one public dataset of this portal.
3. 初赛匿名评审；评委与参赛单位有关联的须回避。The preliminary is judged anonymously; judges recuse themselves
   from teams of organisations they are connected with.
4. 评分取去掉一个最高分和一个最低分后的平均分。Scores are averaged after dropping the highest and the lowest.
"""
# edition → (winning apps: title, track, award, catalogue codes, team, organisation)
ARCHIVE = {
    1: [("绍兴公交到站助手", "transport", "first", ["SX-JT-2022-0006", "SX-JT-2022-0002"], "越行科技队",
         "绍兴越行科技有限公司"),
        ("垃圾分类随手查", "urban_management", "second", ["SX-CSGL-2019-0001"], "绿色绍兴队", "绍兴文理学院"),
        ("就医一点通", "health", "third", ["SX-YLJK-2020-0001", "SX-YLJK-2021-0001"], "康途队", "")],
    2: [("古城客流预警", "culture_tourism", "first", ["SX-WHLY-2020-0001", "SX-WHLY-2021-0002"], "兰亭数智队",
         "浙江兰亭数智科技有限公司"),
        ("城市易涝点预警", "urban_management", "second", ["SX-CSGL-2021-0001", "SX-STHJ-2021-0003"], "水城守望队",
         "浙江工业大学"),
        ("骑行绍兴", "transport", "merit", ["SX-JT-2022-0002"], "单车小分队", "")],
}
TITLES = {1: "绍兴市第一届公共数据开放创新应用大赛", 2: "绍兴市第二届公共数据开放创新应用大赛",
          3: "绍兴市第三届公共数据开放创新应用大赛"}
JUDGES = [f"contest_judge_{i}" for i in range(1, 6)]


COLOURS = [(0x1f, 0x6f, 0xa8), (0x2e, 0x8b, 0x57), (0xc0, 0x5a, 0x2b), (0x6a, 0x4c, 0x93), (0x99, 0x7a, 0x1d),
           (0x3b, 0x82, 0x8c)]


def _screenshot(colour: tuple[int, int, int]):
    """A plain 320×180 PNG standing in for an app's screenshot, so the gallery shows images."""
    from werkzeug.datastructures import FileStorage

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    width, height = 320, 180
    rows = b"".join(b"\x00" + bytes(colour) * width for _ in range(height))
    png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
           + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))
    return FileStorage(stream=io.BytesIO(png), filename="screenshot.png", content_type="image/png")


def _site() -> dict:
    return {"user": tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"], "ignore_auth": True}


def _as(user: str) -> dict:
    return {"user": user, "ignore_auth": True}


def _user(name: str, fullname: str) -> str:
    if model.User.get(name) is None:
        # A random password (nobody signs in as a seeded judge) that meets the password rules.
        tk.get_action("user_create")(_site(), {"name": name, "fullname": fullname, "email": f"{name}@example.org",
                                               "password": secrets.token_urlsafe(18) + "Sx1"})
    return name


def _dataset(code: str) -> dict | None:
    found = tk.get_action("package_search")(_site(), {"fq": f'extras_catalog_code:"{code}"', "rows": 5})["results"]
    return next((d for d in found if d.get("catalog_code") == code and not d.get("private")), None)


def _nine_am(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(9, 0), tzinfo=clock.TZ)


def _phases(base: dt.datetime, codes=("registration", "final")) -> list[dict]:
    """Each phase ten days, judging five days after it, back to back from `base`."""
    out, t = [], base
    for code in codes:
        closes = t + 10 * DAY
        judging = closes if code == "registration" else closes + 5 * DAY
        out.append({"code": code, "opens": t.isoformat(), "closes": closes.isoformat(),
                    "judging_closes": judging.isoformat()})
        t = judging
    return out


def _admins() -> list[str]:
    return ["sx_admin"] if model.User.get("sx_admin") else []


def live(now: dt.datetime) -> Iterator[str]:
    name = "sx-contest-3"
    if _exists(name):
        yield f"{name}: exists, left as it is"
        return
    start = _nine_am((now - 3 * DAY).date())
    phases = [{"code": "registration", "opens": start.isoformat(), "closes": (start + 30 * DAY).isoformat()},
              {"code": "preliminary", "opens": (start + 31 * DAY).isoformat(), "closes": (start + 45 * DAY).isoformat(),
               "judging_closes": (start + 52 * DAY).isoformat()},
              {"code": "semifinal", "opens": (start + 53 * DAY).isoformat(), "closes": (start + 66 * DAY).isoformat(),
               "judging_closes": (start + 73 * DAY).isoformat()},
              {"code": "final", "opens": (start + 74 * DAY).isoformat(), "closes": (start + 77 * DAY).isoformat(),
               "judging_closes": (start + 80 * DAY).isoformat()}]
    tk.get_action("contest_create")(_site(), {
        "name": name, "title": TITLES[3], "edition": 3, "rules": RULES, "dataset_tag": name, "phases": phases,
        "admins": _admins(),
        "description": "以绍兴市公共数据开放平台的数据为基础，面向城市管理、交通出行、医疗健康、文化旅游"
                       "四个赛道征集创新应用。\n\n"
                       "Build apps on the open data of the Shaoxing portal, in four tracks: urban management, "
                       "transport, health care, culture and tourism."})
    tagged = 0
    for code in PACK:
        pkg = _dataset(code)
        if pkg and name not in {t["name"] for t in pkg.get("tags", [])}:
            tags = [{"name": t["name"]} for t in pkg.get("tags", [])] + [{"name": name}]
            tk.get_action("package_patch")(_site(), {"id": pkg["id"], "tags": tags})
            tagged += 1
    yield f"{name}: created, registration open until {phases[0]['closes']}; {tagged} datasets in its pack"


def _exists(name: str) -> bool:
    try:
        tk.get_action("contest_show")(_site(), {"id": name})
        return True
    except tk.ObjectNotFound:
        return False


def archived(edition: int, now: dt.datetime) -> Iterator[str]:
    """Walk an edition through its phases with the calendar moved onto now at each step (the
    actions only accept what the calendar allows), then move the calendar to its real year."""
    name = f"sx-contest-{edition}"
    if _exists(name):
        yield f"{name}: exists, left as it is"
        return
    update = tk.get_action("contest_update")
    tk.get_action("contest_create")(_site(), {"name": name, "title": TITLES[edition], "edition": edition,
                                              "rules": RULES, "phases": _phases(now - DAY), "admins": _admins()})
    judges = [_user(j, f"评委{j[-1]}") for j in JUDGES]
    entries = []
    for i, (title, track, award, codes, team_name, org) in enumerate(ARCHIVE[edition], 1):
        leader = _user(f"contest_team_{edition}_{i}", team_name)
        team = tk.get_action("contest_team_register")(_as(leader), {
            "contest_id": name, "name": team_name, "track": track, "organization_name": org,
            "entrant_type": "enterprise" if "公司" in org else "university" if org else "individual"})
        entries.append((leader, team, title, track, award, codes))
    update(_site(), {"id": name, "phases": _phases(now - 11 * DAY)})
    submissions = []
    for leader, team, title, track, award, codes in entries:
        ids = [d["id"] for d in map(_dataset, codes) if d]
        if not ids:
            yield f"{name}: {title} skipped, none of {codes} is in the catalogue"
            continue
        s = tk.get_action("contest_submission_create")(_as(leader), {
            "team_id": team["id"], "phase": "final", "title": title, "track": track, "dataset_ids": ids,
            "summary": f"{title}：基于绍兴市公共数据开放平台的 {len(ids)} 个数据集。",
            "screenshots_upload": [_screenshot(COLOURS[(edition * 3 + len(submissions)) % len(COLOURS)])]})
        submissions.append((s, award))
    for j in judges:
        tk.get_action("contest_judge_assign")(_site(), {"contest_id": name, "phase": "final", "user": j})
    update(_site(), {"id": name, "phases": _phases(now - 21 * DAY)})
    marks = {"first": 92, "second": 86, "third": 80, "merit": 75}
    for k, j in enumerate(judges):
        for s, award in submissions:
            score = marks[award] + (k - 2) * 2
            tk.get_action("contest_score_submit")(_as(j), {"submission_id": s["id"], "scores": {
                c: score for c in ("innovation", "data_use", "value", "technical", "presentation")}})
    years_ago = 3 - edition
    update(_site(), {"id": name, "phases": _phases(_nine_am(dt.date(now.year - years_ago, 5, 1)))})
    tk.get_action("contest_results_publish")(_site(), {
        "contest_id": name, "awards": [{"submission_id": s["id"], "award": a} for s, a in submissions]})
    yield f"{name}: archived with {len(submissions)} winning apps"


def run() -> Iterator[str]:
    now = clock.now()
    for edition in (1, 2):
        yield from archived(edition, now)
    yield from live(now)

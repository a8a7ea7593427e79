"""navl schemas of the contest actions. Structured fields (phases, tracks, criteria, members,
scores, awards) are checked by one validator each so that any wrong type — a string where a
list belongs, a list where a number belongs — is a field-level error, never an exception.

The schemas check shapes only and never read the database: whether a named account exists is
the actions' question (actions/__init__.py `accounts`), and the defaults of a new contest are
in settings.py."""
from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.shaoxing import clock

from . import state

Invalid = tk.Invalid
SLUG = re.compile(r"^[a-z0-9_-]{1,40}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
AGGREGATIONS = ("mean", "trimmed_mean", "zscore")
ENTRANT_TYPES = ("enterprise", "university", "individual")
AWARDS = ("first", "second", "third", "merit")


NUL = "不能含空字符（NUL）/ must not contain NUL characters"


def _no_nul(value: str) -> str:
    """`value`, which PostgreSQL text can hold (a NUL byte it cannot): else Invalid."""
    if "\x00" in value:
        raise Invalid(NUL)
    return value


def _list(value: Any, what: str) -> list:
    """A list, or a JSON text of one (form posts and query strings send text)."""
    if isinstance(value, str):
        try:
            value = json.loads(value) if value.strip().startswith("[") else [v for v in value.split(",") if v.strip()]
        except ValueError:
            raise Invalid(f"{what}应为列表 / {what} must be a list")
    if not isinstance(value, (list, tuple)):
        raise Invalid("应为列表 / must be a list")
    return list(value)


def _text(item: dict, key: str, where: str) -> str:
    value = item.get(key)
    if not isinstance(value, str) or not value.strip():
        raise Invalid(f"{where}：缺少 {key} / {where}: {key} is missing")
    return _no_nul(value.strip())


def _number(value: Any, where: str, low: float, high: float) -> float:
    if isinstance(value, bool):
        raise Invalid(f"{where} 应为数字 / {where} must be a number")
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise Invalid(f"{where} 应为数字 / {where} must be a number")
    if number != number or not low <= number <= high:   # NaN fails the first test
        raise Invalid(f"{where} 应在 {low:g}–{high:g} 之间 / {where} must be {low:g}–{high:g}")
    return number


def parse_datetime(value: Any, where: str) -> dt.datetime:
    """ISO 8601; without an offset it is Asia/Shanghai time."""
    if isinstance(value, dt.datetime):
        parsed = value
    else:
        try:
            parsed = dt.datetime.fromisoformat(str(value).strip())
        except ValueError:
            raise Invalid(f"{where} 不是有效的日期时间（ISO 8601）/ {where} is not an ISO 8601 datetime")
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=clock.TZ)


def tracks_validator(value, context):
    items = _list(value, "赛道")
    tracks, seen = [], set()
    for i, item in enumerate(items, 1):
        if not isinstance(item, dict):
            raise Invalid(f"第{i}个赛道应为 {{code, label}} / track {i} must be {{code, label}}")
        code = _text(item, "code", f"赛道{i} / track {i}")
        if not SLUG.match(code) or code in seen:
            raise Invalid(f"赛道代码 {code} 无效或重复 / track code {code} is invalid or repeated")
        seen.add(code)
        tracks.append({"code": code, "label": _text(item, "label", f"赛道{i} / track {i}")})
    if not tracks:
        raise Invalid("至少需要一个赛道 / at least one track")
    return tracks


def criteria_validator(value, context):
    items = _list(value, "评分标准")
    criteria, seen = [], set()
    for i, item in enumerate(items, 1):
        if not isinstance(item, dict):
            raise Invalid(f"第{i}项评分标准应为 {{code, label, weight}} / criterion {i} must be {{code, label, weight}}")
        code = _text(item, "code", f"评分标准{i} / criterion {i}")
        if not SLUG.match(code) or code in seen:
            raise Invalid(f"评分标准代码 {code} 无效或重复 / criterion code {code} is invalid or repeated")
        seen.add(code)
        weight = _number(item.get("weight"), f"{code} weight", 0.01, 100)
        criteria.append({"code": code, "label": _text(item, "label", code), "weight": weight})
    if abs(sum(c["weight"] for c in criteria) - 100) > 1e-6:
        raise Invalid("权重之和应为 100 / the weights must sum to 100")
    return criteria


def phases_validator(value, context):
    """Phases in the order registration → preliminary → semifinal → final (the later two
    optional), each [opens, closes) with judging until judging_closes; no overlaps."""
    items = _list(value, "阶段")
    phases = []
    for i, item in enumerate(items, 1):
        if not isinstance(item, dict):
            raise Invalid(f"第{i}个阶段应为对象 / phase {i} must be an object")
        code = item.get("code")
        if code not in state.PHASES:
            raise Invalid(f"阶段代码应为 {'、'.join(state.PHASES)} / phase code must be one of {', '.join(state.PHASES)}")
        ph = {"code": code, "opens": parse_datetime(item.get("opens"), f"{code}.opens"),
              "closes": parse_datetime(item.get("closes"), f"{code}.closes")}
        if ph["closes"] <= ph["opens"]:
            raise Invalid(f"{code}：结束时间须晚于开始时间 / {code}: closes must be after opens")
        raw = item.get("judging_closes")
        ph["judging_closes"] = parse_datetime(raw, f"{code}.judging_closes") if raw else None
        phases.append(ph)
    codes = [p["code"] for p in phases]
    if codes != [c for c in state.PHASES if c in codes] or codes[:1] != ["registration"] or len(codes) < 2:
        raise Invalid("阶段应按 报名→初赛→复赛→决赛 排列且不重复 / phases must run registration → preliminary → "
                      "semifinal → final, each once, registration and at least one more")
    for ph, nxt in zip(phases, phases[1:] + [None]):
        if ph["code"] == "registration":
            ph["judging_closes"] = ph["closes"]
        elif ph["judging_closes"] is None:
            ph["judging_closes"] = nxt["opens"] if nxt else ph["closes"] + dt.timedelta(days=14)
        if ph["judging_closes"] < ph["closes"]:
            raise Invalid(f"{ph['code']}：评审结束不能早于提交截止 / {ph['code']}: judging cannot close before submissions")
        if nxt and nxt["opens"] < ph["judging_closes"]:
            raise Invalid(f"{nxt['code']} 与 {ph['code']} 时间重叠 / {nxt['code']} overlaps {ph['code']}")
    return phases


def _user_name(value) -> str:
    if not isinstance(value, str) or not value.strip() or len(value) > 100:
        raise Invalid(f"没有用户 {value} / no user {value}")
    return _no_nul(value.strip())


def users_validator(value, context):
    """User names or ids (whether they are accounts is the action's question)."""
    return [_user_name(name) for name in _list(value, "用户")]


def members_validator(value, context):
    """[{name, email}], [{user}] or user names → [{user, name}] or [{email, name}]. A user name
    must be an account (the action looks it up); an e-mail address is kept as typed and matched to
    an account only when its holder answers, so the answer is the same whether the address has
    an account or not."""
    members = []
    for i, item in enumerate(_list(value, "成员"), 1):
        if isinstance(item, str):
            item = {"email": item} if "@" in item else {"user": item}
        if not isinstance(item, dict):
            raise Invalid(f"第{i}位成员应为 {{name, email}} / member {i} must be {{name, email}}")
        email, name = (_no_nul(str(item.get(k) or "").strip()) for k in ("email", "name"))
        if item.get("user"):
            members.append({"user": _user_name(str(item["user"])), "name": name})
        elif email:
            if not EMAIL.match(email) or len(email) > 254:
                raise Invalid(f"成员{i}的电子邮件无效 / member {i}: invalid e-mail")
            members.append({"email": email, "name": name})
        else:
            raise Invalid(f"第{i}位成员需要用户名或电子邮件 / member {i} needs a user name or an e-mail")
    return members


def dataset_ids_validator(value, context):
    ids = [_no_nul(str(v).strip()) for v in _list(value, "数据集")]
    if not ids or not all(ids):
        raise Invalid("至少引用一个开放数据集 / cite at least one open dataset")
    return list(dict.fromkeys(ids))


def scores_validator(value, context):
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            raise Invalid("评分应为 {标准: 分数} / scores must be {criterion: score}")
    if not isinstance(value, dict):
        raise Invalid("评分应为 {标准: 分数} / scores must be {criterion: score}")
    return {str(k): _number(v, str(k), 0, 100) for k, v in value.items()}


def awards_validator(value, context):
    awards = []
    for i, item in enumerate(_list(value, "奖项"), 1):
        if not isinstance(item, dict) or item.get("award") not in AWARDS:
            raise Invalid(f"第{i}项奖项应为 {{submission_id, award}}，award 为 {'/'.join(AWARDS)} / award {i} must be "
                          f"{{submission_id, award}} with award one of {', '.join(AWARDS)}")
        awards.append({"submission_id": _text(item, "submission_id", f"award {i}"), "award": item["award"]})
    return awards


def string_list_validator(value, context):
    return [_no_nul(str(v).strip()) for v in _list(value, "列表") if str(v).strip()]


def slug_validator(value, context):
    if not isinstance(value, str) or not SLUG.match(value):
        raise Invalid("只能包含小写字母、数字、- 和 _（≤40）/ lower-case letters, digits, - and _ only (≤ 40)")
    return value


def one_of(values):
    """CKAN's one_of, with a bilingual message."""
    def validator(value, context):
        if value not in values:
            raise Invalid(f"应为 {' / '.join(values)} 之一 / must be one of {', '.join(values)}")
        return value
    return validator


def text(value, context):
    """unicode_safe, but a list or an object is an error rather than its repr, and a NUL byte
    (which PostgreSQL text cannot hold) an error rather than a database failure."""
    if isinstance(value, (dict, list, tuple, set)):
        raise Invalid("应为文本 / must be text")
    return _no_nul(tk.get_validator("unicode_safe")(value))


def ident(value, context):
    """An id or name: a string (not a number or a boolean), at most 100 characters, no NUL."""
    if not isinstance(value, str):
        raise Invalid("应为文本 / must be a string")
    if len(value) > 100:
        raise Invalid("不能超过 100 个字符 / must be at most 100 characters")
    return text(value, context)


def url(key, data, errors, context):
    """CKAN's url_validator, once the value is text: after an Invalid navl still runs the next
    validator, and url_validator answers 500 to a list or an object."""
    if not errors[key]:
        tk.get_validator("url_validator")(key, data, errors, context)


def _v(name):
    return tk.get_validator(name)


def _common():
    return {"not_empty": _v("not_empty"), "ignore_missing": _v("ignore_missing"), "unicode_safe": text,
            "int": _v("int_validator"), "positive": _v("is_positive_integer"), "boolean": _v("boolean_validator"),
            "one_of": one_of, "default": _v("default"), "url": url}


def contest_create():
    v = _common()
    return {
        "name": [v["not_empty"], v["unicode_safe"], slug_validator],
        "title": [v["not_empty"], v["unicode_safe"]],
        "edition": [v["not_empty"], v["int"], v["positive"]],
        "description": [v["ignore_missing"], v["unicode_safe"]],
        "rules": [v["ignore_missing"], v["unicode_safe"]],
        "dataset_tag": [v["ignore_missing"], v["unicode_safe"]],
        "max_team_size": [v["ignore_missing"], v["int"], v["positive"]],
        "aggregation": [v["ignore_missing"], v["unicode_safe"], v["one_of"](AGGREGATIONS)],
        "tracks": [v["ignore_missing"], tracks_validator],
        "criteria": [v["ignore_missing"], criteria_validator],
        "phases": [v["not_empty"], phases_validator],
        "admins": [v["ignore_missing"], users_validator],
    }


def contest_update():
    """Every field of contest_create is optional; `id` (or name) names the contest."""
    schema = contest_create()
    not_empty = _v("not_empty")
    for key, chain in schema.items():
        schema[key] = [_v("ignore_missing"), *[f for f in chain if f is not not_empty and f is not _v("ignore_missing")]]
    schema["id"] = [not_empty, ident]
    return schema


def contest_id_only():
    v = _common()
    return {"id": [v["not_empty"], ident]}


def nothing():
    return {}


def contest_list():
    v = _common()
    return {"limit": [v["default"](100), v["int"], v["positive"]], "offset": [v["default"](0), v["int"]]}


def team_register():
    v = _common()
    return {"contest_id": [v["not_empty"], ident], "name": [v["not_empty"], v["unicode_safe"]],
            "track": [v["not_empty"], v["unicode_safe"]],
            "entrant_type": [v["not_empty"], v["unicode_safe"], v["one_of"](ENTRANT_TYPES)],
            "organization_name": [v["ignore_missing"], v["unicode_safe"]],
            "members": [v["ignore_missing"], members_validator]}


def team_id_only():
    v = _common()
    return {"team_id": [v["not_empty"], ident]}


def team_invite():
    schema = team_id_only()
    schema["members"] = [_v("not_empty"), members_validator]
    return schema


def invitation_respond():
    schema = team_id_only()
    schema["accept"] = [_v("not_missing"), _v("boolean_validator")]
    return schema


def submission_create():
    v = _common()
    keep = [v["ignore_missing"]]
    return {"team_id": [v["not_empty"], ident],
            "phase": [v["not_empty"], v["unicode_safe"], v["one_of"](state.JUDGED)],
            "title": [v["not_empty"], v["unicode_safe"]], "summary": [v["ignore_missing"], v["unicode_safe"]],
            "track": [v["ignore_missing"], v["unicode_safe"]],
            "dataset_ids": [v["not_empty"], dataset_ids_validator],
            "demo_url": [v["ignore_missing"], v["unicode_safe"], v["url"]],
            "repository_url": [v["ignore_missing"], v["unicode_safe"], v["url"]],
            "proposal_upload": keep, "screenshots_upload": keep,
            "remove_screenshots": [v["ignore_missing"], string_list_validator]}


def submission_update():
    schema = submission_create()
    v = _common()
    for key in ("title", "dataset_ids"):
        schema[key] = [v["ignore_missing"], *schema[key][1:]]
    del schema["team_id"], schema["phase"]
    schema["id"] = [v["not_empty"], ident]
    schema["if_match"] = [v["ignore_missing"], v["unicode_safe"]]     # the version the form was opened at
    return schema


def submission_id_only():
    v = _common()
    return {"id": [v["not_empty"], ident]}


def contest_phase():
    v = _common()
    return {"contest_id": [v["not_empty"], ident],
            "phase": [v["not_empty"], v["unicode_safe"], v["one_of"](state.JUDGED)]}


def judge_assign():
    schema = contest_phase()
    schema["user"] = [_v("not_empty"), ident]
    return schema


def judge_conflicts():
    v = _common()
    return {"contest_id": [v["not_empty"], ident],
            "conflicts": [_v("not_missing"), string_list_validator]}


def score_submit():
    v = _common()
    return {"submission_id": [v["not_empty"], ident], "scores": [v["not_empty"], scores_validator],
            "comment": [v["ignore_missing"], v["unicode_safe"]]}


def advance():
    schema = contest_phase()
    v = _common()
    schema["top"] = [v["ignore_missing"], v["int"], v["positive"]]
    schema["team_ids"] = [v["ignore_missing"], string_list_validator]
    return schema


def results_publish():
    v = _common()
    return {"contest_id": [v["not_empty"], ident], "awards": [v["not_empty"], awards_validator]}


def package_apps():
    v = _common()
    return {"package_id": [v["not_empty"], ident]}


def app_count():
    v = _common()
    return {"year": [v["ignore_missing"], v["int"]]}

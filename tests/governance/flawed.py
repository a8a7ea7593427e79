"""A generated table with every kind of fault the quality check finds, over three batches of the
profiler: empty cells, values off their declared type, impossible, future and old dates,
coordinates outside Shaoxing, unknown and malformed region codes, credit codes with a wrong check
character, ragged rows, duplicate rows and keys, an undeclared column with mixed types, and
personal data (ID numbers, mobiles, bank cards, e-mail addresses; masked values too)."""
from __future__ import annotations

import random

from stdnum import luhn
from stdnum.cn import ric

from ckanext.shaoxing.credit_code import check_symbol

ITEMS = [{"field_name": "id", "field_label": "编号", "field_type": "string", "is_key": "true"},
         {"field_name": "name", "field_label": "名称", "field_type": "string"},
         {"field_name": "seats", "field_label": "座位数", "field_type": "integer"},
         {"field_name": "price", "field_label": "票价", "field_type": "decimal"},
         {"field_name": "opened", "field_label": "开通日期", "field_type": "date"},
         {"field_name": "expires", "field_label": "有效期至", "field_type": "date"},
         {"field_name": "updated", "field_label": "更新时间", "field_type": "datetime"},
         {"field_name": "open", "field_label": "是否开放", "field_type": "boolean"},
         {"field_name": "phone", "field_label": "联系电话", "field_type": "phone"},
         {"field_name": "email", "field_label": "邮箱", "field_type": "email"},
         {"field_name": "region", "field_label": "行政区划代码", "field_type": "region_code"},
         {"field_name": "uscc", "field_label": "统一社会信用代码", "field_type": "credit_code"},
         {"field_name": "lng", "field_label": "经度", "field_type": "longitude"},
         {"field_name": "lat", "field_label": "纬度", "field_type": "latitude"},
         {"field_name": "manager", "field_label": "负责人", "field_type": "string"}]     # not in the file
HEADER = [i["field_name"] for i in ITEMS[:-1]] + ["note", "count"]          # two columns not declared
ROWS = 12_000
REGIONS = {"330600", "330602", "330603", "330604", "330624", "330681", "330683"}


def _resident_id(rnd: random.Random) -> str:
    first = f"330602{rnd.randrange(1950, 2005)}{rnd.randrange(1, 13):02d}{rnd.randrange(1, 29):02d}{rnd.randrange(1000):03d}"
    return first + ric.calc_check_digit(first)


def _card(rnd: random.Random) -> str:
    first = "62" + "".join(str(rnd.randrange(10)) for _ in range(15))
    return first + luhn.calc_check_digit(first)


def _uscc(rnd: random.Random) -> str:
    first = f"9133060{rnd.randrange(10)}MA2D{rnd.randrange(10000):04d}X"
    return first + check_symbol(first)


def _pick(rnd: random.Random, good, faults: list, rate: float = 0.01):
    return rnd.choice(faults) if rnd.random() < rate else good


def rows(seed: int = 20) -> list[list[str]]:
    """The header and ROWS rows (some duplicated, some ragged), deterministic."""
    rnd = random.Random(seed)
    out = [list(HEADER)]
    for n in range(ROWS):
        row = [
            _pick(rnd, f"S{n:05d}", ["", f"S{max(0, n - 7):05d}"]),
            _pick(rnd, f"越城区站点{n}", [f"联系人{_resident_id(rnd)}", f"站长 139{rnd.randrange(10**8):08d}", ""], 0.02),
            _pick(rnd, str(rnd.randrange(10_000)), ["三十", "1,234", "12.5", "", " 7 "]),
            _pick(rnd, f"{rnd.random() * 100:.2f}", ["12.5.1", ".5", "1e3", "免费", "", "-3"]),
            _pick(rnd, f"20{rnd.randrange(10, 24)}-{rnd.randrange(1, 13):02d}-{rnd.randrange(1, 29):02d}",
                  ["2024-02-30", "2031-01-01", "1900-05-01", "2021/03/01", "", "2021-13-01"]),
            _pick(rnd, f"20{rnd.randrange(25, 40)}-06-30", ["2030-02-31", "三年", ""]),
            _pick(rnd, f"2021-03-{rnd.randrange(1, 29):02d} 10:{rnd.randrange(60):02d}:00",
                  ["2021-03-01T10:00", "2021-03-01 25:00:00", "昨天", "2027-01-01 00:00:00"]),
            _pick(rnd, rnd.choice(["是", "否", "true", "false", "1"]), ["maybe", "", "2"]),
            _pick(rnd, f"0575-8{rnd.randrange(10**6):06d}", [f"13{rnd.randrange(10**9):09d}", "12345", "电话", ""]),
            _pick(rnd, f"s{n}@sx.gov.cn", ["a@b", "邮箱", ""]),
            _pick(rnd, rnd.choice(sorted(REGIONS)), ["330699", "33060", "", "310101"]),
            _pick(rnd, _uscc(rnd), [_uscc(rnd)[:-1] + "0", "91330602MA2D7XYB1", "123456789012345678", ""]),
            _pick(rnd, f"120.{rnd.randrange(100, 999)}", ["116.40", "东经120", "", "120.5.1"]),
            _pick(rnd, f"30.{rnd.randrange(10, 40)}", ["39.90", "北纬30", ""]),
            _pick(rnd, rnd.choice(["", "备注", "正常运营"]),
                  [f"卡号{_card(rnd)}", f"mail me: p{n}@qq.com", "3306**********1234", "138****5678",
                   f"{_resident_id(rnd)}"], 0.03),
            _pick(rnd, str(rnd.randrange(500)), ["许多", "n/a"], 0.02),
        ]
        roll = rnd.random()
        if roll < 0.004:
            row = row[:-3]                      # short
        elif roll < 0.008:
            row = row + ["多余"]                 # long
        elif roll < 0.012:
            row = row + ["", ""]                # trailing empty cells: not ragged
        out.append(row)
        if rnd.random() < 0.005 and n > 10:
            out.append(list(out[rnd.randrange(1, len(out))]))     # an exact duplicate of an earlier row
    return out

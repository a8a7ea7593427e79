"""The judged query set of bench/search_quality.py, as written: each query as citizens type it,
and the grades (0–3) of the seed's entries, given by reading the titles of catalog_seed/catalog.xlsx
(a rule is a pattern over a title; an entry takes its best rule, others 0). `python
bench/search_quality_rules.py` writes bench/search_quality.json, the grades per catalogue code.

3: what the query asks for (topic and, if named, district); 2: the topic elsewhere, or a close
neighbour in the district; 1: related."""
from __future__ import annotations

DISTRICTS = "绍兴市|越城区|柯桥区|上虞区|诸暨市|嵊州市|新昌县"

QUERIES: list[tuple[str, str, list[tuple[str, int]]]] = [
    # (query, kind, [(title pattern, grade), ...])
    ("gongjiao", "pinyin", [("公交", 3)]),
    ("gong jiao", "pinyin spaced", [("公交", 3)]),
    ("zhuji gongjiao", "pinyin district+topic", [("^诸暨.*公交", 3), ("公交", 1)]),
    ("诸暨gongjiao", "mixed", [("^诸暨.*公交", 3), ("公交", 1)]),
    ("gj", "initials", [("公交", 3)]),
    ("shebao", "pinyin", [("社会保险", 3)]),
    ("kqzl", "initials", [("空气质量", 3)]),
    ("kongqi zhiliang", "pinyin", [("空气质量", 3)]),
    ("shuiku", "pinyin", [("水库", 3)]),
    ("yiyuan", "pinyin", [("医院", 3), ("医疗机构", 1)]),
    ("shangyu gongjiao", "pinyin district+topic", [("^上虞.*公交", 3), ("公交", 1)]),
    ("社保", "abbreviation", [("社会保险", 3)]),
    ("医保", "abbreviation", [("医保|医疗保障", 3)]),
    ("低保", "abbreviation", [("最低生活保障", 3)]),
    ("网约车", "abbreviation", [("网络预约出租汽车", 3), ("出租汽车", 1)]),
    ("公租房", "colloquial", [("保障性租赁住房", 3)]),
    ("打疫苗", "colloquial", [("预防接种", 3)]),
    ("充电桩", "colloquial", [("充电", 3)]),
    ("厕所", "colloquial", [("公厕", 3)]),
    ("停车位", "synonym", [("泊位", 3), ("停车", 1)]),
    ("养老院", "synonym", [("养老机构", 3), ("老年食堂", 1)]),
    ("酒店", "synonym", [("饭店", 3), ("民宿", 1)]),
    ("景点", "synonym", [("景区名录", 3), ("景区", 2)]),
    ("找工作", "colloquial", [("招聘会", 3), ("就业", 2), ("人力资源服务|职业技能培训", 1)]),
    ("补习班", "colloquial", [("校外培训", 3)]),
    ("出租车", "synonym", [("出租汽车", 3)]),
    ("共享单车", "colloquial", [("公共自行车", 3)]),
    ("积水", "colloquial", [("易涝点", 3), ("水位", 1)]),
    ("台风预警", "colloquial", [("气象灾害预警", 3), ("应急避难场所", 1)]),
    ("罚款", "colloquial", [("行政处罚", 3)]),
    ("营业执照", "colloquial", [("市场主体登记", 3)]),
    ("避难所", "synonym", [("应急避难场所", 3)]),
    ("消防队", "synonym", [("消防救援站", 3)]),
    ("户口", "colloquial", [("户籍", 3)]),
    ("结婚登记", "synonym", [("婚姻登记", 3)]),
    ("噪音", "synonym", [("声环境", 3)]),
    ("诸暨公交站点", "segmentation", [("^诸暨.*公交站点", 3), ("^诸暨.*公交", 2), ("公交站点", 1)]),
    ("越城区停车场空余泊位", "segmentation", [("^越城.*空余泊位", 3), ("空余泊位", 2), ("^越城.*泊位", 2),
                                     ("泊位", 1)]),
    ("柯桥 医院", "district+topic", [("^柯桥.*医院", 3), ("^柯桥.*医疗机构", 2), ("医院", 1)]),
    ("嵊州学校", "district+topic", [("^嵊州.*中小学", 3), ("中小学", 1), ("^嵊州.*(幼儿园|校外培训)", 1)]),
    ("新昌民宿", "district+topic", [("^新昌.*民宿", 3), ("民宿", 1)]),
    ("上虞垃圾分类", "district+topic", [("^上虞.*垃圾分类", 3), ("垃圾分类", 1)]),
    ("绍兴黄酒", "district+topic", [("^绍兴市.*黄酒", 3), ("黄酒", 2)]),
    ("越城空气质量", "district+topic", [("^越城.*空气质量", 3), ("空气质量", 1)]),
    ("新昌幼儿园", "district+topic", [("^新昌.*幼儿园", 3), ("幼儿园", 1)]),
    ("诸暨市医保定点药店", "segmentation", [("^诸暨.*定点.*药店", 3), ("定点.*药店", 2), ("^诸暨.*医保", 1)]),
    ("景区人流量", "colloquial", [("景区客流", 3), ("景区", 1)]),
    ("公交占点", "typo", [("公交站点", 3), ("公交", 1)]),
    ("开公司", "colloquial", [("市场主体登记", 3)]),
    ("柯桥shebao", "mixed", [("^柯桥.*社会保险", 3), ("社会保险", 1)]),
]


def judged(titles: dict[str, str]) -> list[dict]:
    """The grades of `titles` (code → title) for every query."""
    import re
    out = []
    for query, kind, rules in QUERIES:
        grades = {}
        for code, title in titles.items():
            grade = max((g for pattern, g in rules if re.search(pattern, title)), default=0)
            if grade:
                grades[code] = grade
        out.append({"query": query, "kind": kind, "grades": grades,
                    "titles": {code: titles[code] for code in grades}})
    return out


def seed_titles() -> dict[str, str]:
    import pathlib

    import openpyxl
    book = openpyxl.load_workbook(pathlib.Path(__file__).resolve().parents[1] / "catalog_seed/catalog.xlsx",
                                  read_only=True)
    rows = list(book.worksheets[0].iter_rows(values_only=True))[1:]
    return {r[1]: r[2] for r in rows if r[1]}


if __name__ == "__main__":
    import json
    import pathlib
    path = pathlib.Path(__file__).with_name("search_quality.json")
    path.write_text(json.dumps(judged(seed_titles()), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(QUERIES)} queries written to {path}")

"""A deterministic corpus of Chinese catalogue entries for the benchmarks: realistic titles,
abstracts and keywords built from the patterns of city catalogues."""
from __future__ import annotations

import random
import uuid

PLACES = ["绍兴市", "越城区", "柯桥区", "上虞区", "新昌县", "诸暨市", "嵊州市", "绍兴市区", "镜湖新区", "滨海新城"]
SUBJECTS = [
    ("公交线路", "transport"), ("公交站点", "transport"), ("实时公交到站", "transport"),
    ("公共停车场泊位", "transport"), ("出租车经营许可", "transport"), ("道路施工公告", "transport"),
    ("医疗机构", "health"), ("医院床位", "health"), ("医保定点药店", "health"), ("疫苗接种点", "health"),
    ("卫生监督检查结果", "health"), ("A级旅游景区", "culture_tourism"), ("景区客流量", "culture_tourism"),
    ("星级酒店", "culture_tourism"), ("文物保护单位", "culture_tourism"), ("公共图书馆", "culture_tourism"),
    ("黄酒生产企业", "economy"), ("空气质量监测", "environment"), ("水质自动监测断面", "environment"),
    ("河道水位", "environment"), ("噪声监测", "environment"), ("中小学校", "education"),
    ("幼儿园", "education"), ("培训机构", "education"), ("市场主体登记", "economy"),
    ("行政许可", "credit"), ("行政处罚", "credit"), ("信用红黑名单", "credit"),
    ("社区服务中心", "civil_affairs"), ("养老机构", "civil_affairs"), ("婚姻登记处", "civil_affairs"),
    ("气象预警信息", "public_safety"), ("企业环境信用评价", "environment"), ("垃圾分类收集点", "urban_management"),
    ("城市公厕", "urban_management"), ("路灯设施", "urban_management"), ("农产品价格", "agriculture"),
    ("保障性住房", "housing"), ("充电桩分布", "resources_energy"), ("社会组织名录", "institutions"),
]
SUFFIXES = ["信息", "数据", "名录", "统计", "清单", "公示", "实时数据", "年度数据"]
NOTE_PARTS = ["包括名称、地址、联系电话等字段", "按月更新", "数据来源于业务系统", "覆盖全市范围",
              "可用于便民服务应用开发", "含经纬度坐标", "供社会公众查询使用", "记录每日变化情况"]


def entries(n: int, seed: int = 20211) -> list[dict]:
    rnd = random.Random(seed)
    out = []
    for i in range(n):
        place = rnd.choice(PLACES)
        subject, domain = rnd.choice(SUBJECTS)
        title = f"{place}{subject}{rnd.choice(SUFFIXES)}（{2019 + i % 8}年第{i}批）"
        notes = f"{place}{subject}，{rnd.choice(NOTE_PARTS)}，{rnd.choice(NOTE_PARTS)}。"
        tags = [subject[:2] + "服务", rnd.choice(["开放数据", "便民", "监管", "统计"])]
        out.append({"id": str(uuid.UUID(int=rnd.getrandbits(128))), "name": f"bench-{i:05d}",
                    "title": title, "notes": notes, "tags": tags, "domain": domain})
    return out


# 30 Chinese substring queries: whole words, parts of words and words spanning two terms.
QUERIES = ["公交", "空气质量", "医院", "景区", "停车场", "学校", "黄酒", "养老", "监测", "名录",
           "柯桥", "诸暨", "疫苗", "药店", "水位", "噪声", "图书馆", "文物", "充电桩", "垃圾分类",
           "行政处罚", "红黑名单", "客流", "泊位", "到站", "幼儿园", "婚姻登记", "住房", "气象预警", "公厕"]

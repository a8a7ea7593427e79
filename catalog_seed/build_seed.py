"""Build the seed catalogue of the Shaoxing public data open portal (绍兴市公共数据开放平台).

Reads departments.csv, domains.csv and districts.csv next to this file and writes
catalog.xlsx (sheets 目录, 资源, 数据项) plus small, parseable sample files under files/.
Everything is derived from random.Random(20210101) and fixed dates, so two runs write
byte-identical output. Standard library and openpyxl only; no network.

    .venv/bin/python catalog_seed/build_seed.py
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import random
import shutil
import zipfile
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

import openpyxl
from openpyxl.styles import Font
from openpyxl.writer.excel import ExcelWriter

HERE = Path(__file__).resolve().parent
SEED = 20210101
LAST_ISSUE = dt.date(2026, 11, 15)
LAST_DAY = dt.date(2026, 11, 20)
FIXED_TIME = dt.datetime(2026, 11, 20, 0, 0, 0)
ZIP_TIME = (2026, 11, 20, 0, 0, 0)

# ---------------------------------------------------------------- targets of the seed
YEAR_QUOTA = {2019: 12, 2020: 22, 2021: 38, 2022: 58, 2023: 64, 2024: 62, 2025: 52, 2026: 28}
LEVEL_QUOTA = {"无条件开放": 218, "有条件开放": 84, "不予开放": 34}
DOMAIN_QUOTA = {  # the four priority domains come to 134 of 336 (~40%)
    "urban_management": 34, "transport": 36, "health": 34, "culture_tourism": 30,
    "education": 20, "environment": 20, "social_security": 16, "employment": 14,
    "economy": 18, "credit": 18, "public_safety": 16, "agriculture": 16,
    "housing": 16, "resources_energy": 12, "institutions": 14, "civil_affairs": 22}
DOMAIN_ABBR = {
    "urban_management": "CSGL", "transport": "JT", "health": "YLJK", "culture_tourism": "WHLY",
    "education": "JYKJ", "environment": "STHJ", "social_security": "SHBZ", "employment": "LDJY",
    "economy": "JJJS", "credit": "XY", "public_safety": "GGAQ", "agriculture": "NYNC",
    "housing": "CJZF", "resources_energy": "ZYNY", "institutions": "JGTT", "civil_affairs": "MSFW"}
OPEN_API_QUOTA, SHARED_API_QUOTA, DATA_ITEM_SHARE = 170, 72, 0.7
LICENCES = (("cc-by", 74), ("odc-by", 10), ("cc-zero", 8), ("other-open", 8))
FILE_FORMATS = (("CSV", 70), ("XLSX", 18), ("JSON", 12))
CONDITIONS = (
    "需实名注册并提交应用场景说明，经数源单位审核同意后在批准期限内使用",
    "申请单位须提供统一社会信用代码并签署数据安全承诺书，审核通过后开放",
    "仅限用于科研、公益或政务协同场景，须说明数据用途和安全保护措施",
    "须通过平台提交数据使用申请并按季度反馈数据利用情况，到期后需重新申请",
    "按申请范围提供脱敏后的数据，不得向第三方转让或用于约定用途以外的场景")
FREQ_PHRASE = {"实时": "实时更新", "每日": "每日更新", "每周": "每周更新", "每月": "按月更新",
               "每季度": "按季度更新", "每半年": "每半年更新", "每年": "每年更新",
               "不定期": "不定期更新", "不更新": "为存档数据，不再更新"}
FREQ_STALENESS = {"实时": 1, "每日": 3, "每周": 10, "每月": 40, "每季度": 100,
                  "每半年": 190, "每年": 380}

# ---------------------------------------------------------------- places (GB/T 2260)
SHORT = {"330600": "绍兴", "330602": "越城", "330603": "柯桥", "330604": "上虞",
         "330624": "新昌", "330681": "诸暨", "330683": "嵊州"}
CENTRE = {"330600": (120.58, 30.00), "330602": (120.60, 30.00), "330603": (120.49, 30.07),
          "330604": (120.87, 30.03), "330624": (120.90, 29.53), "330681": (120.26, 29.71),
          "330683": (120.82, 29.59)}
STEMS = {
    "330600": "镜湖 府山 塔山 稽山 会稽 城南 城东 迪荡 北海 东湖 鉴湖 兰亭 若耶 越州",
    "330602": "府山 塔山 北海 城南 稽山 迪荡 灵芝 东湖 皋埠 陶堰 孙端 马山 斗门 东浦",
    "330603": "柯岩 华舍 齐贤 安昌 杨汛桥 钱清 福全 平水 兰亭 湖塘 漓渚 夏履 稽东 柯桥",
    "330604": "百官 曹娥 东关 崧厦 道墟 小越 驿亭 章镇 丰惠 永和 下管 盖北 谢塘",
    "330624": "南明 七星 羽林 沃洲 儒岙 回山 镜岭 澄潭 大市聚 小将 梅渚 沙溪 天姥",
    "330681": "暨阳 浣东 陶朱 枫桥 店口 大唐 次坞 牌头 五泄 草塔 璜山 同山 应店街",
    "330683": "剡湖 三江 鹿山 浦口 甘霖 长乐 崇仁 黄泽 三界 仙岩 石璜 金庭 贵门"}
ROADS = {
    "330602": "解放北路 中兴中路 人民西路 胜利东路 环城西路 延安东路 越东路 二环北路",
    "330603": "笛扬路 群贤路 金柯桥大道 湖西路 柯华路 裕民路 兴越路",
    "330604": "市民大道 人民西路 江扬路 五星路 舜江路 凤鸣路 百官大道",
    "330624": "人民中路 鼓山西路 七星路 江滨西路 新昌大道 沃洲路",
    "330681": "暨阳路 浣东北路 艮塔西路 东二路 望云路 永昌路",
    "330683": "鹿山路 剡湖路 官河路 北直街 领带园路 三江路"}
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # GB 32100, as in ckanext/shaoxing/credit_code.py


def check_symbol(first17: str) -> str:
    """Check symbol of a unified social credit code (mod 31, weights 3^(i-1) mod 31)."""
    total = sum(ALPHABET.index(ch) * pow(3, i, 31) for i, ch in enumerate(first17))
    return ALPHABET[(31 - total % 31) % 31]


# ---------------------------------------------------------------- value generators
# A generator takes (rng, ctx); ctx carries the entry's district, time range and row index.
def choice(*options):
    return lambda r, c: r.choice(options)


def ints(lo, hi):
    return lambda r, c: r.randint(lo, hi)


def dec(lo, hi, digits=1):
    return lambda r, c: round(r.uniform(lo, hi), digits)


def fac(*suffixes):
    """Facility name: district short name + local place stem + kind, e.g. 柯桥华舍停车场."""
    return lambda r, c: f"{SHORT[c.code]}{r.choice(STEMS[c.code].split())}{r.choice(suffixes)}"


def company(*trades):
    def gen(r, c):
        head = "绍兴市" + c.label if c.label.endswith("区") else ("绍兴" if c.code == "330600" else c.label)
        return f"{head}{r.choice(STEMS[c.code].split())}{r.choice(trades)}有限公司"
    return gen


def credit(r, c):
    first17 = "91" + c.code + "MA2" + "".join(r.choice(ALPHABET) for _ in range(6))
    return first17 + check_symbol(first17)


def address(r, c):
    code = c.code if c.code in ROADS else "330602"
    return f"{c.labels[code]}{r.choice(ROADS[code].split())}{r.randint(1, 899)}号"


def lon(r, c):
    return round(min(120.995, max(120.205, CENTRE[c.code][0] + r.uniform(-0.06, 0.06))), 6)


def lat(r, c):
    return round(min(30.195, max(29.505, CENTRE[c.code][1] + r.uniform(-0.05, 0.05))), 6)


def day(r, c):
    return c.start + dt.timedelta(days=r.randint(0, (c.end - c.start).days))


def stamp(r, c):
    return dt.datetime.combine(c.end, dt.time(8)) + dt.timedelta(minutes=r.randint(0, 600))


def seq_day(r, c):
    return min(c.end, c.start + dt.timedelta(days=c.i))


def month(r, c):
    return f"{c.start.year}-{c.i % 12 + 1:02d}"


def fmt(pattern, lo=1, hi=99999):
    """Codes such as permit numbers: {n} random number, {i} row number, {d} district, {y} year."""
    return lambda r, c: pattern.format(n=r.randint(lo, hi), i=c.i + 1, d=c.code, y=c.start.year)


def dept(r, c):
    return r.choice(c.dept_titles)


flag = choice(True, False)
HOURS = choice("08:30-17:00", "09:00-17:00", "08:00-20:00", "00:00-24:00", "09:00-21:00")

S, I, F, D, T, B = "字符串", "整数", "小数", "日期", "日期时间", "布尔"

# ---------------------------------------------------------------- data items (数据项)
# field name: (中文名称, 字段类型, generator, 说明)
FIELDS = {
    "address": ("地址", S, address, "所在地详细地址"),
    "lon": ("经度", F, lon, "WGS-84经度"),
    "lat": ("纬度", F, lat, "WGS-84纬度"),
    "open_hours": ("开放时间", S, HOURS, "每日开放时段"),
    "service_hours": ("服务时间", S, HOURS, "工作日服务时段"),
    "credit_code": ("统一社会信用代码", S, credit, "18位统一社会信用代码"),
    "authority": ("决定机关", S, dept, "作出决定的行政机关"),
    "valid_from": ("有效期起", D, day, "格式YYYY-MM-DD"),
    "valid_to": ("有效期止", D, lambda r, c: c.end + dt.timedelta(days=r.randint(300, 1800)), "格式YYYY-MM-DD"),
    "issue_date": ("发证日期", D, day, "格式YYYY-MM-DD"),
    "decision_date": ("决定日期", D, day, "格式YYYY-MM-DD"),
    "update_time": ("更新时间", T, stamp, "数据采集时间"),
    "monitor_time": ("监测时间", T, stamp, "整点监测时间"),
    "stat_month": ("统计月份", S, month, "格式YYYY-MM"),
    # urban management
    "parking_name": ("停车场名称", S, fac("停车场", "公共停车场", "地下停车库", "立体停车库"), ""),
    "total_spaces": ("泊位总数", I, ints(40, 1200), "单位：个"),
    "free_spaces": ("空余泊位", I, ints(0, 300), "单位：个"),
    "charging_spaces": ("充电泊位数", I, ints(0, 80), "单位：个"),
    "fee_standard": ("收费标准", S, choice("首小时5元，之后每小时2元", "首小时免费，之后每小时3元", "每次5元", "免费"), ""),
    "toilet_name": ("公厕名称", S, fac("公厕", "公共厕所", "驿站公厕"), ""),
    "accessible": ("无障碍设施", B, flag, "是否设有无障碍厕位"),
    "baby_room": ("母婴室", B, flag, "是否设有母婴室"),
    "site_name": ("投放点名称", S, fac("小区投放点", "社区投放点", "定时定点投放点"), ""),
    "bin_types": ("垃圾分类类别", S, choice("可回收物,有害垃圾,易腐垃圾,其他垃圾", "易腐垃圾,其他垃圾"), "逗号分隔"),
    "collection_time": ("收运时间", S, choice("07:00-09:00", "18:00-20:00", "07:00-09:00,18:00-20:00"), ""),
    "road_name": ("道路名称", S, lambda r, c: r.choice(ROADS.get(c.code, ROADS["330602"]).split()), ""),
    "length_m": ("长度", I, ints(300, 6000), "单位：米"),
    "width_m": ("宽度", I, ints(12, 60), "单位：米"),
    "road_grade": ("道路等级", S, choice("主干路", "次干路", "支路", "快速路"), ""),
    "completion_date": ("建成日期", D, lambda r, c: dt.date(r.randint(1995, 2018), r.randint(1, 12), 1), "格式YYYY-MM-DD"),
    "decision_no": ("决定书文号", S, fmt("绍综执罚决字〔{y}〕第{n}号", 100, 9999), ""),
    "party_name": ("行政相对人名称", S, company("商贸", "建筑工程", "餐饮管理", "物业服务"), "仅列法人及其他组织"),
    "violation": ("违法行为", S, choice("擅自占用城市道路", "未按规定设置户外广告", "违规倾倒建筑垃圾", "未落实门前三包责任"), ""),
    "penalty": ("处罚内容", S, choice("警告", "罚款2000元", "罚款5000元", "责令限期改正并罚款1000元"), ""),
    "permit_no": ("许可证编号", S, fmt("浙绍许{d}{n}", 10000, 99999), ""),
    "ad_location": ("设置地点", S, address, ""),
    "ad_area_m2": ("广告面积", F, dec(4, 120), "单位：平方米"),
    "point_name": ("点位名称", S, fac("下穿通道", "路口", "立交桥下", "地下通道"), ""),
    "risk_level": ("风险等级", S, choice("高", "中", "低"), ""),
    "pump_capacity": ("排涝能力", F, dec(0.5, 8.0), "单位：立方米/秒"),
    # transport
    "route_id": ("线路编号", S, fmt("SXBUS{n:04d}", 1, 9999), ""),
    "route_name": ("线路名称", S, lambda r, c: r.choice(("", "", "", "BRT", "K")) + f"{r.randint(1, 399)}路", ""),
    "start_stop": ("起点站", S, fac("公交站", "客运中心", "首末站"), ""),
    "end_stop": ("终点站", S, fac("公交站", "客运中心", "首末站"), ""),
    "first_bus": ("首班时间", S, choice("05:30", "05:50", "06:00", "06:20", "06:30"), "HH:MM"),
    "last_bus": ("末班时间", S, choice("18:30", "19:00", "20:30", "21:00", "22:00"), "HH:MM"),
    "fare_yuan": ("票价", F, choice(1.0, 2.0, 2.0, 3.0), "单位：元"),
    "route_km": ("线路长度", F, dec(6, 38), "单位：公里"),
    "stop_id": ("站点编号", S, fmt("ST{n:05d}", 1, 99999), ""),
    "stop_name": ("站点名称", S, fac("站", "路口站", "小区站", "公交站"), ""),
    "route_count": ("途经线路数", I, ints(1, 14), ""),
    "has_shelter": ("是否有候车亭", B, flag, ""),
    "vehicle_code": ("车辆自编号", S, fmt("SXGJ-{n:04d}", 1, 3000), "公交集团内部车辆编号"),
    "eta_minutes": ("预计到站时间", I, ints(0, 25), "单位：分钟"),
    "distance_m": ("距本站距离", I, ints(0, 6000), "单位：米"),
    "company_name": ("企业名称", S, company("出租汽车", "客运", "运输", "汽车服务"), ""),
    "vehicle_count": ("车辆数", I, ints(20, 800), "单位：辆"),
    "platform_name": ("平台企业名称", S, company("网约车科技", "出行科技", "智慧出行"), ""),
    "service_area": ("经营区域", S, choice("绍兴市区", "柯桥区", "上虞区", "诸暨市", "嵊州市", "新昌县", "绍兴市全域"), ""),
    "project_name": ("项目名称", S, fac("道路改造工程", "雨污分流工程", "管线迁改工程", "桥梁维修工程"), ""),
    "start_date": ("开始日期", D, day, "格式YYYY-MM-DD"),
    "end_date": ("结束日期", D, lambda r, c: c.end + dt.timedelta(days=r.randint(10, 200)), "格式YYYY-MM-DD"),
    "occupied_lanes": ("占用车道数", I, ints(1, 3), ""),
    "detour_advice": ("绕行建议", S, choice("建议绕行相邻道路", "高峰时段请提前规划路线", "施工路段限速30公里/小时"), ""),
    "section": ("路段", S, choice("东段", "西段", "南段", "北段", "中段"), ""),
    "stat_date": ("统计日期", D, seq_day, "格式YYYY-MM-DD"),
    "flow_vehicles": ("车流量", I, ints(3000, 60000), "单位：辆次/日"),
    "avg_speed_kmh": ("平均车速", F, dec(18, 55), "单位：公里/小时"),
    "congestion_index": ("拥堵指数", F, dec(1.0, 2.4, 2), "1.0为畅通"),
    "station_name": ("站点名称", S, fac("充电站", "公共充电站", "换电站"), ""),
    "fast_chargers": ("快充桩数", I, ints(2, 40), ""),
    "slow_chargers": ("慢充桩数", I, ints(0, 60), ""),
    "operator": ("运营单位", S, company("新能源科技", "充电服务", "能源"), ""),
    "bike_station": ("租赁点名称", S, fac("公共自行车点", "租赁点", "地铁站租赁点"), ""),
    "docks": ("锁桩数", I, ints(10, 60), ""),
    "available_bikes": ("可借车辆", I, ints(0, 40), ""),
    # health
    "institution_name": ("机构名称", S, fac("社区卫生服务中心", "卫生院", "中医医院", "人民医院", "妇幼保健院"), ""),
    "institution_type": ("机构类别", S, choice("综合医院", "中医医院", "专科医院", "社区卫生服务中心", "乡镇卫生院"), ""),
    "hospital_level": ("医院等级", S, choice("三级甲等", "三级乙等", "二级甲等", "二级乙等", "一级"), ""),
    "beds": ("床位数", I, ints(20, 1800), "单位：张"),
    "hospital_name": ("医院名称", S, fac("人民医院", "中医医院", "第二医院", "中心医院", "骨伤医院", "妇产医院"), ""),
    "dept_count": ("临床科室数", I, ints(8, 60), ""),
    "pharmacy_name": ("药店名称", S, fac("大药房", "医药连锁店", "药店"), ""),
    "designated_date": ("定点日期", D, day, "格式YYYY-MM-DD"),
    "open_24h": ("是否24小时营业", B, flag, ""),
    "settlement_type": ("结算类型", S, choice("门诊、住院", "门诊", "住院", "门诊慢特病"), ""),
    "clinic_name": ("接种门诊名称", S, fac("社区卫生服务中心预防接种门诊", "卫生院预防接种门诊"), ""),
    "vaccine_types": ("接种疫苗类别", S, choice("免疫规划疫苗", "免疫规划疫苗,非免疫规划疫苗", "狂犬病疫苗,破伤风疫苗"), ""),
    "unit_name": ("被检单位名称", S, company("酒店管理", "游泳健身", "美容美发", "沐浴服务"), "仅列经营单位"),
    "venue_type": ("场所类别", S, choice("住宿场所", "游泳场所", "美容美发场所", "沐浴场所"), ""),
    "check_date": ("检查日期", D, day, "格式YYYY-MM-DD"),
    "check_item": ("检测项目", S, choice("空气质量", "水质", "公共用品用具", "卫生许可"), ""),
    "check_result": ("检查结果", S, choice("合格", "合格", "合格", "不合格，已责令整改"), ""),
    "occupancy_rate": ("床位使用率", F, dec(55, 98), "单位：%"),
    "outpatient_visits": ("门急诊人次", I, ints(2000, 260000), ""),
    # culture and tourism
    "scenic_name": ("景区名称", S, fac("风景区", "景区", "古镇景区", "生态旅游区"), ""),
    "scenic_level": ("景区等级", S, choice("AAAAA", "AAAA", "AAAA", "AAA", "AAA"), ""),
    "ticket_yuan": ("门票价格", F, choice(0.0, 30.0, 50.0, 80.0, 100.0, 130.0), "单位：元，0为免费"),
    "visitors": ("接待游客数", I, ints(300, 60000), "单位：人次"),
    "max_capacity": ("最大承载量", I, ints(5000, 80000), "单位：人次"),
    "comfort_level": ("舒适度", S, choice("舒适", "较舒适", "一般", "较拥挤"), ""),
    "hotel_name": ("饭店名称", S, fac("大酒店", "宾馆", "国际饭店", "度假酒店"), ""),
    "star": ("星级", S, choice("五星级", "四星级", "三星级", "二星级"), ""),
    "rooms": ("客房数", I, ints(8, 520), "单位：间"),
    "relic_name": ("文物保护单位名称", S, fac("古桥", "古塔", "台门", "遗址", "石刻", "宗祠"), ""),
    "protection_level": ("保护级别", S, choice("全国重点文物保护单位", "省级文物保护单位", "市级文物保护单位", "县级文物保护单位"), ""),
    "era": ("年代", S, choice("春秋", "东汉", "东晋", "唐", "宋", "明", "清", "近现代"), ""),
    "relic_type": ("类别", S, choice("古建筑", "古遗址", "石窟寺及石刻", "近现代重要史迹"), ""),
    "venue_name": ("场馆名称", S, fac("图书馆", "博物馆", "文化馆", "分馆", "纪念馆"), ""),
    "venue_type_c": ("场馆类别", S, choice("公共图书馆", "博物馆", "文化馆", "纪念馆"), ""),
    "free_entry": ("是否免费", B, flag, ""),
    "experience_name": ("体验点名称", S, fac("黄酒文化体验馆", "酒坊", "黄酒工坊", "黄酒小镇体验点"), ""),
    "activities": ("体验内容", S, choice("黄酒酿造参观,品鉴", "冬酿开酿仪式,品鉴", "酒文化展陈,研学"), ""),
    "event_name": ("活动名称", S, choice("越剧公益演出", "非遗展示周", "公益书展", "乡村文化节", "社区电影放映", "黄酒节系列活动"), ""),
    "event_venue": ("活动地点", S, fac("文化礼堂", "文化中心", "广场", "剧院"), ""),
    "event_type": ("活动类别", S, choice("演出", "展览", "讲座", "节庆"), ""),
    "homestay_name": ("民宿名称", S, fac("山居", "民宿", "客栈", "庭院"), ""),
    "homestay_grade": ("民宿等级", S, choice("金宿", "银宿", "白金宿", "未评级"), ""),
    # education and science
    "school_name": ("学校名称", S, fac("小学", "实验小学", "中学", "初级中学", "高级中学", "职业技术学校"), ""),
    "school_type": ("学校类别", S, choice("小学", "初中", "九年一贯制", "普通高中", "中等职业学校"), ""),
    "nature": ("办学性质", S, choice("公办", "公办", "公办", "民办"), ""),
    "classes": ("班级数", I, ints(6, 72), ""),
    "kindergarten_name": ("幼儿园名称", S, fac("幼儿园", "中心幼儿园", "实验幼儿园"), ""),
    "kg_grade": ("等级", S, choice("省一级", "省二级", "省三级", "准办园"), ""),
    "capacity": ("额定容量", I, ints(90, 600), "单位：人"),
    "training_name": ("机构名称", S, company("培训学校", "教育咨询", "艺术培训"), ""),
    "training_type": ("培训类别", S, choice("体育类", "文化艺术类", "科技类", "职业技能类"), ""),
    "company_name_tech": ("企业名称", S, company("科技", "智能装备", "新材料", "生物医药", "电子"), ""),
    "tech_field": ("技术领域", S, choice("电子信息", "生物与新医药", "新材料", "先进制造与自动化", "资源与环境"), ""),
    "certificate_no": ("证书编号", S, fmt("GR{y}33{n:06d}", 1, 999999), ""),
    "incubator_name": ("孵化器名称", S, fac("科创园", "众创空间", "科技企业孵化器"), ""),
    "incubator_level": ("认定级别", S, choice("国家级", "省级", "市级"), ""),
    "area_m2": ("面积", I, ints(800, 60000), "单位：平方米"),
    "tenant_count": ("在孵企业数", I, ints(8, 180), ""),
    # environment
    "monitor_station": ("监测站点", S, fac("监测站", "空气自动站", "子站"), ""),
    "aqi": ("空气质量指数", I, ints(18, 160), "AQI"),
    "pm25": ("PM2.5浓度", I, ints(5, 110), "单位：微克/立方米"),
    "pm10": ("PM10浓度", I, ints(10, 150), "单位：微克/立方米"),
    "o3": ("臭氧浓度", I, ints(20, 200), "单位：微克/立方米"),
    "primary_pollutant": ("首要污染物", S, choice("—", "PM2.5", "PM10", "O3", "NO2"), "—表示无"),
    "quality_level": ("空气质量级别", S, choice("优", "优", "良", "良", "轻度污染"), ""),
    "section_name": ("断面名称", S, fac("断面", "水质监测断面", "出境断面"), ""),
    "river": ("所在河流", S, choice("曹娥江", "浦阳江", "鉴湖", "浙东运河", "新昌江", "剡溪", "小舜江"), ""),
    "water_class": ("水质类别", S, choice("Ⅰ类", "Ⅱ类", "Ⅱ类", "Ⅲ类", "Ⅳ类"), ""),
    "dissolved_oxygen": ("溶解氧", F, dec(5.0, 10.5, 2), "单位：毫克/升"),
    "ammonia_nitrogen": ("氨氮", F, dec(0.05, 1.2, 3), "单位：毫克/升"),
    "noise_point": ("监测点位", S, fac("路口", "社区", "学校周边", "工业区"), ""),
    "zone_class": ("声环境功能区", S, choice("1类", "2类", "3类", "4a类"), ""),
    "day_db": ("昼间等效声级", F, dec(48, 70), "单位：dB(A)"),
    "night_db": ("夜间等效声级", F, dec(38, 60), "单位：dB(A)"),
    "env_company": ("企业名称", S, company("印染", "化工", "纺织", "热电", "医药化工"), ""),
    "env_rating": ("环境信用等级", S, choice("绿色", "蓝色", "蓝色", "黄色", "红色", "黑色"), ""),
    "industry": ("所属行业", S, choice("纺织业", "化学原料和化学制品制造业", "医药制造业", "通用设备制造业", "电力热力生产和供应业"), ""),
    "warning_type": ("预警类型", S, choice("暴雨", "台风", "高温", "大风", "寒潮", "大雾", "雷电"), ""),
    "warning_color": ("预警级别", S, choice("蓝色", "黄色", "橙色", "红色"), ""),
    "issue_time": ("发布时间", T, stamp, ""),
    "affected_area": ("影响区域", S, choice("绍兴市区", "柯桥区", "上虞区", "诸暨市", "嵊州市", "新昌县", "全市"), ""),
    # social security and employment
    "office_name": ("网点名称", S, fac("社保服务窗口", "社保经办服务点", "便民服务中心社保窗口"), ""),
    "services": ("服务内容", S, choice("参保登记,缴费,待遇申领", "社保卡办理,信息查询", "参保登记,关系转移"), "逗号分隔"),
    "pension_insured": ("养老保险参保人数", I, ints(300000, 3800000), "单位：人"),
    "medical_insured": ("医疗保险参保人数", I, ints(400000, 4800000), "单位：人"),
    "unemployment_insured": ("失业保险参保人数", I, ints(100000, 1800000), "单位：人"),
    "urban_standard": ("城市低保标准", I, ints(900, 1200), "单位：元/人·月"),
    "rural_standard": ("农村低保标准", I, ints(900, 1200), "单位：元/人·月"),
    "households": ("保障户数", I, ints(800, 16000), "单位：户"),
    "item_code": ("事项编码", S, fmt("33060{n:07d}", 1, 9999999), ""),
    "item_name": ("事项名称", S, choice("参保登记", "医疗费用报销", "异地就医备案", "门诊慢特病认定", "生育津贴申领", "职业资格证书查询", "企业开办", "不动产登记", "户口迁移"), ""),
    "handling_level": ("办理层级", S, choice("市级", "区县级", "乡镇（街道）级"), ""),
    "time_limit_days": ("承诺时限", I, ints(0, 20), "单位：工作日，0为即办"),
    "online": ("是否可网办", B, flag, ""),
    "fair_name": ("招聘会名称", S, choice("春风行动专场招聘会", "高校毕业生专场招聘会", "纺织行业专场招聘会", "退役军人专场招聘会", "周末人才市场"), ""),
    "fair_venue": ("举办地点", S, fac("人力资源市场", "人才市场", "会展中心"), ""),
    "fair_date": ("举办日期", D, day, "格式YYYY-MM-DD"),
    "employers": ("参会单位数", I, ints(30, 400), ""),
    "positions": ("提供岗位数", I, ints(200, 9000), ""),
    "skill_org": ("机构名称", S, company("职业技能培训学校", "技能培训", "职业培训"), ""),
    "programs": ("培训项目", S, choice("电工,焊工", "育婴员,养老护理员", "中式烹调师,面点师", "电子商务师"), ""),
    "hr_agency": ("机构名称", S, company("人力资源", "人才服务", "劳务派遣"), ""),
    "new_jobs": ("城镇新增就业人数", I, ints(2000, 12000), "单位：人"),
    "reemployed": ("失业人员再就业人数", I, ints(300, 3000), "单位：人"),
    "unemployment_rate": ("城镇登记失业率", F, dec(1.5, 2.6, 2), "单位：%"),
    # economy and credit
    "wine_company": ("企业名称", S, company("酒业", "黄酒", "酿酒", "酒厂"), ""),
    "sc_licence": ("食品生产许可证编号", S, fmt("SC115{d}{n:05d}", 1, 99999), ""),
    "capacity_kl": ("年产能", I, ints(200, 90000), "单位：千升"),
    "key_project": ("项目名称", S, fac("产业园项目", "综合交通枢纽项目", "城市更新项目", "智能制造基地项目"), ""),
    "owner_unit": ("建设单位", S, company("建设投资", "城市建设", "产业投资"), ""),
    "investment_10k": ("总投资", I, ints(5000, 900000), "单位：万元"),
    "start_year": ("开工年份", I, lambda r, c: r.randint(c.start.year - 2, c.start.year), ""),
    "project_type": ("项目类别", S, choice("产业项目", "基础设施", "社会民生", "生态环保"), ""),
    "industrial_company": ("企业名称", S, company("纺织", "印染", "机械", "电子", "化纤", "新材料"), ""),
    "complex_name": ("综合体名称", S, fac("商业中心", "广场", "银泰城", "万象汇"), ""),
    "floor_area_m2": ("建筑面积", I, ints(20000, 260000), "单位：平方米"),
    "opening_date": ("开业日期", D, lambda r, c: dt.date(r.randint(2008, 2022), r.randint(1, 12), 1), "格式YYYY-MM-DD"),
    "procurement_item": ("采购项目名称", S, choice("办公设备采购", "信息化系统运维服务", "物业管理服务", "道路保洁服务", "公交车辆采购", "教学设备采购"), ""),
    "purchaser": ("采购单位", S, dept, ""),
    "budget_10k": ("预算金额", F, dec(10, 3000), "单位：万元"),
    "expected_month": ("预计采购时间", S, month, "格式YYYY-MM"),
    "export_100m": ("出口额", F, dec(80, 260), "单位：亿元"),
    "import_100m": ("进口额", F, dec(10, 60), "单位：亿元"),
    "yoy_pct": ("同比增长", F, dec(-8, 18), "单位：%"),
    "licence_no": ("许可文书编号", S, fmt("绍许〔{y}〕{n}号", 100, 9999), ""),
    "entity_name": ("行政相对人名称", S, company("商贸", "纺织", "建设", "科技", "餐饮管理"), "仅列法人及其他组织"),
    "licence_type": ("许可类别", S, choice("普通", "特许", "认可", "核准", "登记"), ""),
    "violation_type": ("违法行为类型", S, choice("未按规定办理环评手续", "销售不合格产品", "虚假广告", "未取得许可从事经营"), ""),
    "penalty_type": ("处罚类别", S, choice("警告", "罚款", "没收违法所得", "责令停产停业"), ""),
    "list_type": ("名单类别", S, choice("守信激励红名单", "A级纳税人", "诚信示范企业"), ""),
    "list_reason": ("列入事由", S, choice("连续三年信用评价优良", "纳税信用A级", "获评市级诚信示范企业"), ""),
    "listed_date": ("列入日期", D, day, "格式YYYY-MM-DD"),
    "abnormal_reason": ("列入原因", S, choice("未按规定报送年度报告", "通过登记的住所无法联系", "未按规定公示即时信息"), ""),
    "entity_type": ("主体类型", S, choice("有限责任公司", "股份有限公司", "个人独资企业", "合伙企业", "农民专业合作社"), ""),
    "capital_10k": ("注册资本", F, dec(10, 20000), "单位：万元"),
    "established_date": ("成立日期", D, day, "格式YYYY-MM-DD"),
    # public safety
    "shelter_name": ("避难场所名称", S, fac("公园应急避难场所", "学校应急避难场所", "体育馆避灾安置点", "文化礼堂避灾安置点"), ""),
    "shelter_capacity": ("可容纳人数", I, ints(200, 12000), "单位：人"),
    "shelter_level": ("场所类别", S, choice("Ⅰ类", "Ⅱ类", "Ⅲ类"), ""),
    "chem_company": ("企业名称", S, company("化工贸易", "石油化工", "危险品贸易", "燃气"), ""),
    "business_scope": ("许可范围", S, choice("不带储存经营", "带储存经营", "加油站经营"), ""),
    "police_station": ("单位名称", S, fac("派出所", "户籍办理点", "出入境接待点"), ""),
    "police_services": ("办理业务", S, choice("户籍办理,居住证", "出入境证件", "户籍办理,身份证办理"), ""),
    "fire_station": ("消防救援站名称", S, fac("消防救援站", "专职消防队", "小型消防站"), ""),
    "fire_station_type": ("站点类别", S, choice("一级普通站", "二级普通站", "特勤站", "小型站"), ""),
    "device_id": ("设备编号", S, fmt("JK{d}{n:05d}", 1, 99999), ""),
    "capture_type": ("抓拍类型", S, choice("闯红灯", "超速", "违法停车", "不礼让行人"), ""),
    "enabled_date": ("启用日期", D, day, "格式YYYY-MM-DD"),
    # agriculture
    "coop_name": ("合作社名称", S, fac("茶叶专业合作社", "果蔬专业合作社", "水产专业合作社", "香榧专业合作社"), ""),
    "agri_industry": ("主营产业", S, choice("茶叶", "水果", "蔬菜", "水产", "香榧", "粮食"), ""),
    "members": ("成员数", I, ints(5, 320), "单位：户"),
    "sample_id": ("样品编号", S, fmt("NY{y}{n:05d}", 1, 99999), ""),
    "product": ("产品名称", S, choice("茶叶", "青菜", "草莓", "杨梅", "大米", "香榧", "鲈鱼", "猕猴桃"), ""),
    "sampling_date": ("抽样日期", D, day, "格式YYYY-MM-DD"),
    "test_item": ("检测项目", S, choice("农药残留", "兽药残留", "重金属"), ""),
    "test_result": ("检测结果", S, choice("合格", "合格", "合格", "合格", "不合格"), ""),
    "tea_base": ("基地名称", S, fac("茶叶基地", "茶园", "生态茶场"), ""),
    "tea_variety": ("茶叶品类", S, choice("大佛龙井", "越乡龙井", "平水日铸", "嵊州珠茶", "会稽红", "西施银芽"), ""),
    "area_mu": ("面积", I, ints(50, 3000), "单位：亩"),
    "village_name": ("村名", S, fac("村", "社区（村）"), ""),
    "town": ("所属乡镇（街道）", S, lambda r, c: r.choice(STEMS[c.code].split()) + r.choice(("镇", "街道", "乡")), ""),
    "named_year": ("命名年份", I, lambda r, c: r.randint(max(2014, c.start.year - 5), c.start.year), ""),
    "features": ("特色产业", S, choice("茶旅融合", "民宿经济", "农事体验", "古村文化"), ""),
    # housing and resources
    "presale_no": ("预售许可证号", S, fmt("绍售许字（{y}）第{n}号", 1, 999), ""),
    "estate_project": ("项目名称", S, fac("府", "园", "花苑", "名邸", "公馆"), ""),
    "developer": ("开发企业", S, company("房地产开发", "置业", "置地"), ""),
    "units": ("套数", I, ints(60, 1200), "单位：套"),
    "housing_project": ("项目名称", S, fac("人才公寓", "保障性租赁住房", "青年公寓"), ""),
    "status": ("项目状态", S, choice("已竣工", "在建", "已交付", "规划中"), ""),
    "plan_permit_no": ("规划许可证号", S, fmt("建字第330600{y}{n:05d}号", 1, 99999), ""),
    "builder": ("建设单位", S, company("置业", "实业", "建设投资"), ""),
    "community_name": ("小区名称", S, fac("小区", "新村", "苑"), ""),
    "buildings": ("楼栋数", I, ints(4, 60), "单位：幢"),
    "gauge_station": ("测站名称", S, fac("水位站", "闸站", "水文站"), ""),
    "water_level_m": ("实时水位", F, dec(2.8, 6.5, 2), "单位：米"),
    "warning_level_m": ("警戒水位", F, dec(4.5, 7.5, 2), "单位：米"),
    "reservoir_name": ("水库名称", S, fac("水库", "山塘水库"), ""),
    "reservoir_scale": ("规模", S, choice("大型", "中型", "小（1）型", "小（2）型"), ""),
    "storage_10k_m3": ("总库容", F, dec(10, 20000), "单位：万立方米"),
    "normal_level": ("正常蓄水位", F, dec(20, 180, 2), "单位：米"),
    "parcel_no": ("地块编号", S, fmt("绍土储〔{y}〕{n}号", 1, 99), ""),
    "land_location": ("地块位置", S, address, ""),
    "land_use": ("土地用途", S, choice("工业用地", "住宅用地", "商服用地", "公共管理与公共服务用地"), ""),
    "supply_method": ("供地方式", S, choice("挂牌出让", "拍卖出让", "划拨", "协议出让"), ""),
    "deal_price_10k": ("成交价", F, dec(500, 300000), "单位：万元"),
    "mining_no": ("许可证号", S, fmt("C3306{y}{n:06d}", 1, 999999), ""),
    "mine_name": ("矿山名称", S, fac("建筑石料矿", "萤石矿", "砂石矿"), ""),
    "mineral": ("开采矿种", S, choice("建筑用石料", "萤石", "砂石", "矿泉水"), ""),
    "area_km2": ("矿区面积", F, dec(0.05, 2.5, 3), "单位：平方公里"),
    # institutions and livelihood
    "org_name": ("社会组织名称", S, fac("商会", "行业协会", "志愿者协会", "慈善促进会", "社会工作服务中心"), ""),
    "org_type": ("组织类型", S, choice("社会团体", "民办非企业单位", "基金会"), ""),
    "registered_date": ("登记日期", D, day, "格式YYYY-MM-DD"),
    "supervisor": ("业务主管单位", S, dept, ""),
    "hall_name": ("服务中心名称", S, fac("便民服务中心", "政务服务中心", "政务服务驿站"), ""),
    "window_count": ("窗口数", I, ints(4, 120), ""),
    "department": ("数源单位", S, dept, ""),
    "domain_name": ("数据领域", S, lambda r, c: r.choice(c.domain_labels), ""),
    "dataset_count": ("数据集数", I, ints(1, 80), ""),
    "api_count": ("接口数", I, ints(0, 40), ""),
    "downloads": ("下载次数", I, ints(0, 20000), ""),
    "gov_item": ("事项名称", S, choice("企业开办", "不动产登记", "社保卡申领", "公积金提取", "出生一件事", "退休一件事", "新生儿落户"), ""),
    "item_type": ("事项类型", S, choice("行政许可", "公共服务", "行政确认", "行政给付"), ""),
    "care_name": ("机构名称", S, fac("颐养院", "养老院", "康养中心", "敬老院"), ""),
    "care_nature": ("机构性质", S, choice("公办", "公建民营", "民办"), ""),
    "handled_count": ("办理件数", I, ints(50, 6000), "单位：件"),
    "avg_days": ("平均办理时长", F, dec(0.2, 3.0), "单位：工作日"),
    "care_star": ("星级评定", S, choice("五星级", "四星级", "三星级", "二星级", "未评定"), ""),
    "centre_name": ("服务中心名称", S, fac("社区服务中心", "社区党群服务中心", "邻里中心"), ""),
    "marriage_office": ("登记处名称", S, fac("婚姻登记处", "婚姻登记服务点"), ""),
    "appointment": ("支持网上预约", B, flag, ""),
    "canteen_name": ("助餐点名称", S, fac("老年食堂", "助餐点", "幸福食堂"), ""),
    "meal_times": ("供餐时段", S, choice("11:00-12:30", "11:00-12:30,17:00-18:00"), ""),
    "seats": ("座位数", I, ints(20, 160), ""),
}

# ---------------------------------------------------------------- entry templates
# (domain, department, file key, title, frequency, record range, keywords, abstract, data items, mode)
# mode "any": at most one entry per district; "year": one per district and data year.
TEMPLATES = [
    # 城市管理
    ("urban_management", "sx-law-enforcement", "parking_lots", "{p}公共停车场泊位信息", "每日", (120, 3000), "停车,泊位,停车场", "汇集{p}公共停车场的名称、地址、坐标、泊位总数、充电泊位和收费标准", "parking_name address lon lat total_spaces charging_spaces fee_standard open_hours", "any"),
    ("urban_management", "sx-law-enforcement", "parking_free", "{p}停车场空余泊位实时数据", "实时", (120, 2000), "停车,空余泊位,实时", "提供{p}接入智慧停车平台的停车场空余泊位实时数据", "parking_name total_spaces free_spaces lon lat update_time", "any"),
    ("urban_management", "sx-law-enforcement", "public_toilets", "{p}城市公厕分布信息", "每月", (80, 900), "公厕,市容环卫", "汇集{p}城市公厕的位置、开放时间以及无障碍设施和母婴室配置", "toilet_name address lon lat open_hours accessible baby_room", "any"),
    ("urban_management", "sx-law-enforcement", "waste_sites", "{p}生活垃圾分类投放点信息", "每季度", (200, 5000), "垃圾分类,投放点", "汇集{p}生活垃圾分类投放点的位置、分类类别和收运时间", "site_name address lon lat bin_types collection_time", "any"),
    ("urban_management", "sx-housing", "urban_roads", "{p}城市道路基础信息", "每年", (100, 2600), "道路,市政设施", "汇集{p}城市道路的名称、长度、宽度、等级和建成日期", "road_name length_m width_m road_grade completion_date", "any"),
    ("urban_management", "sx-law-enforcement", "penalties", "{p}{y}年城市管理行政处罚信息", "每年", (150, 4000), "行政处罚,城市管理", "公开{p}{y}年城市管理领域对法人和其他组织作出的行政处罚决定", "decision_no party_name credit_code violation penalty decision_date", "year"),
    ("urban_management", "sx-law-enforcement", "outdoor_ads", "{p}户外广告设置许可信息", "每月", (60, 1500), "户外广告,行政许可", "公开{p}户外广告设置许可的编号、设置单位、地点、面积和有效期", "permit_no party_name ad_location ad_area_m2 valid_from valid_to", "any"),
    ("urban_management", "sx-housing", "flood_points", "{p}城市易涝点信息", "每年", (20, 300), "防汛,易涝点,排涝", "汇集{p}城市易涝点的位置、风险等级和排涝能力", "point_name address lon lat risk_level pump_capacity", "any"),
    # 交通出行
    ("transport", "sx-public-transport-group", "bus_routes", "{p}公交线路信息", "每月", (40, 420), "公交,线路,首末班", "提供{p}公交线路的名称、起讫站点、首末班时间、票价和线路长度", "route_id route_name start_stop end_stop first_bus last_bus fare_yuan route_km", "any"),
    ("transport", "sx-public-transport-group", "bus_stops", "{p}公交站点信息", "每月", (300, 4200), "公交,站点", "提供{p}公交站点的编号、名称、坐标、途经线路数和候车亭设置情况", "stop_id stop_name lon lat route_count has_shelter", "any"),
    ("transport", "sx-public-transport-group", "bus_arrival", "{p}公交车辆实时到站信息", "实时", (10000, 900000), "公交,实时到站", "提供{p}公交车辆的实时到站预测信息", "route_name stop_name vehicle_code eta_minutes distance_m update_time", "any"),
    ("transport", "sx-transport", "taxi_licences", "{p}出租汽车经营许可信息", "每月", (10, 120), "出租汽车,经营许可", "公开{p}巡游出租汽车经营企业的许可编号、车辆数和有效期", "permit_no company_name credit_code vehicle_count valid_from valid_to", "any"),
    ("transport", "sx-transport", "ride_hailing", "{p}网络预约出租汽车经营许可信息", "每月", (10, 80), "网约车,经营许可", "公开{p}网络预约出租汽车平台企业的经营许可信息", "permit_no platform_name credit_code service_area issue_date valid_to", "any"),
    ("transport", "sx-transport", "road_works", "{p}道路施工占道公告信息", "不定期", (20, 600), "道路施工,占道,出行提示", "发布{p}道路施工占道的路段、起止日期、占用车道和绕行建议", "project_name road_name start_date end_date occupied_lanes detour_advice", "any"),
    ("transport", "sx-public-security", "traffic_flow", "{p}主要道路交通流量数据", "每日", (2000, 80000), "交通流量,拥堵指数", "提供{p}主要道路分路段的日交通流量、平均车速和拥堵指数", "road_name section stat_date flow_vehicles avg_speed_kmh congestion_index", "any"),
    ("transport", "sx-transport", "charging", "{p}新能源汽车充电站分布信息", "每月", (30, 900), "充电桩,新能源汽车", "汇集{p}新能源汽车公共充电站的位置、快慢充桩数量和运营单位", "station_name address lon lat fast_chargers slow_chargers operator", "any"),
    ("transport", "sx-public-transport-group", "public_bikes", "{p}公共自行车租赁点信息", "每日", (50, 1200), "公共自行车,慢行交通", "提供{p}公共自行车租赁点的位置、锁桩数和可借车辆数", "bike_station address lon lat docks available_bikes", "any"),
    # 医疗健康
    ("health", "sx-health", "medical_institutions", "{p}医疗机构名录", "每季度", (120, 3600), "医疗机构,名录", "汇集{p}各级医疗机构的名称、类别、等级、地址、坐标和床位数", "institution_name institution_type hospital_level address lon lat beds", "any"),
    ("health", "sx-health", "hospitals", "{p}二级以上医院信息", "每半年", (10, 60), "医院,等级医院", "提供{p}二级以上医院的等级、临床科室数、床位数和位置", "hospital_name hospital_level dept_count beds address lon lat", "any"),
    ("health", "sx-healthcare-security", "pharmacies", "{p}医保定点零售药店名单", "每月", (60, 1800), "医保,定点药店", "公开{p}医保定点零售药店的名称、地址、定点日期和营业时间", "pharmacy_name address lon lat designated_date open_24h", "any"),
    ("health", "sx-healthcare-security", "insured_hospitals", "{p}医保定点医疗机构名单", "每月", (40, 1200), "医保,定点医疗机构", "公开{p}医保定点医疗机构的名称、等级、定点日期和结算类型", "institution_name hospital_level address designated_date settlement_type", "any"),
    ("health", "sx-health", "vaccination", "{p}预防接种门诊信息", "每季度", (15, 160), "预防接种,疫苗", "提供{p}预防接种门诊的地址、服务时间和可接种疫苗类别", "clinic_name address lon lat service_hours vaccine_types", "any"),
    ("health", "sx-health", "hygiene_checks", "{p}{y}年公共场所卫生监督抽检结果", "不更新", (200, 3000), "卫生监督,抽检", "公开{p}{y}年住宿、游泳、美容美发等公共场所的卫生监督抽检结果", "unit_name venue_type check_date check_item check_result", "year"),
    ("health", "sx-health", "hospital_beds", "{p}{y}年医院床位使用情况统计", "每年", (12, 12), "医院,床位,门急诊", "按月统计{p}{y}年医院的床位使用率和门急诊人次", "stat_month beds occupancy_rate outpatient_visits", "year"),
    # 文化旅游
    ("culture_tourism", "sx-culture-tourism", "scenic_spots", "{p}A级旅游景区名录", "每季度", (10, 90), "景区,A级景区,旅游", "汇集{p}A级旅游景区的名称、等级、地址、开放时间和门票价格", "scenic_name scenic_level address lon lat open_hours ticket_yuan", "any"),
    ("culture_tourism", "sx-culture-tourism", "scenic_visitors", "{p}重点景区客流量数据", "每日", (3000, 60000), "景区,客流,舒适度", "提供{p}重点景区每日接待游客数、最大承载量和舒适度", "scenic_name stat_date visitors max_capacity comfort_level", "any"),
    ("culture_tourism", "sx-culture-tourism", "hotels", "{p}星级旅游饭店名录", "每半年", (10, 80), "星级饭店,住宿", "汇集{p}星级旅游饭店的名称、星级、地址和客房数", "hotel_name star address lon lat rooms", "any"),
    ("culture_tourism", "sx-culture-tourism", "relics", "{p}文物保护单位名录", "每年", (30, 600), "文物保护单位,文化遗产", "汇集{p}各级文物保护单位的名称、保护级别、年代、类别和位置", "relic_name protection_level era relic_type address lon lat", "any"),
    ("culture_tourism", "sx-culture-tourism", "venues", "{p}公共图书馆和博物馆信息", "每半年", (10, 200), "图书馆,博物馆,公共文化", "提供{p}公共图书馆、博物馆和文化馆的位置、开放时间和收费情况", "venue_name venue_type_c address lon lat open_hours free_entry", "any"),
    ("culture_tourism", "sx-culture-tourism", "huangjiu_experience", "{p}黄酒文化体验点信息", "每年", (10, 60), "黄酒,文旅融合,研学", "汇集{p}黄酒文化体验馆、酒坊等体验点的位置和体验内容", "experience_name address lon lat activities open_hours", "any"),
    ("culture_tourism", "sx-culture-tourism", "culture_events", "{p}{y}年公共文化活动信息", "不定期", (40, 900), "公共文化,文化活动", "发布{p}{y}年举办的公益演出、展览和讲座等公共文化活动", "event_name event_venue event_type start_date end_date free_entry", "year"),
    ("culture_tourism", "sx-culture-tourism", "homestays", "{p}等级民宿名录", "每半年", (20, 600), "民宿,乡村旅游", "汇集{p}等级民宿的名称、等级、地址和客房数", "homestay_name homestay_grade address lon lat rooms", "any"),
    # 教育科技
    ("education", "sx-education", "schools", "{p}中小学校名录", "每年", (40, 400), "学校,中小学", "汇集{p}中小学校的名称、学段、办学性质、地址和班级数", "school_name school_type nature address lon lat classes", "any"),
    ("education", "sx-education", "kindergartens", "{p}幼儿园名录", "每年", (40, 500), "幼儿园,学前教育", "汇集{p}幼儿园的名称、等级、办学性质、地址和额定容量", "kindergarten_name kg_grade nature address lon lat capacity", "any"),
    ("education", "sx-education", "training_whitelist", "{p}校外培训机构白名单", "每月", (30, 600), "校外培训,白名单", "公开{p}经审批的校外培训机构名称、类别、地址和许可编号", "training_name credit_code training_type address permit_no", "any"),
    ("education", "sx-science", "high_tech", "{p}{y}年高新技术企业名单", "每年", (60, 900), "高新技术企业,科技", "公开{p}{y}年认定的高新技术企业名称、技术领域和证书编号", "company_name_tech credit_code tech_field certificate_no issue_date", "year"),
    ("education", "sx-science", "incubators", "{p}科技企业孵化器和众创空间信息", "每年", (10, 80), "孵化器,众创空间", "汇集{p}科技企业孵化器和众创空间的认定级别、面积和在孵企业数", "incubator_name incubator_level address area_m2 tenant_count", "any"),
    # 生态环境
    ("environment", "sx-ecology", "air_realtime", "{p}空气质量实时监测数据", "实时", (50000, 900000), "空气质量,AQI,实时监测", "提供{p}空气自动监测站点的逐时空气质量指数和主要污染物浓度", "monitor_station monitor_time aqi pm25 pm10 o3 primary_pollutant lon lat", "any"),
    ("environment", "sx-ecology", "air_daily", "{p}{y}年空气质量日报", "不更新", (365, 365), "空气质量,日报", "提供{p}{y}年逐日空气质量指数、级别和首要污染物", "stat_date aqi quality_level pm25 pm10 primary_pollutant", "year"),
    ("environment", "sx-ecology", "water_sections", "{p}地表水水质断面监测数据", "每月", (200, 6000), "水质,断面,地表水", "提供{p}地表水监测断面的水质类别、溶解氧和氨氮浓度", "section_name river stat_month water_class dissolved_oxygen ammonia_nitrogen lon lat", "any"),
    ("environment", "sx-ecology", "noise", "{p}声环境质量监测数据", "每季度", (40, 900), "噪声,声环境", "提供{p}声环境功能区监测点位的昼间和夜间等效声级", "noise_point zone_class day_db night_db check_date", "any"),
    ("environment", "sx-ecology", "env_credit", "{p}{y}年企业环境信用评价结果", "每年", (100, 2000), "环境信用,企业评价", "公开{p}{y}年企业环境信用评价等级", "env_company credit_code env_rating industry decision_date", "year"),
    ("environment", "sx-meteorology", "weather_warnings", "{p}气象灾害预警信号发布信息", "实时", (200, 5000), "气象预警,防灾减灾", "发布{p}暴雨、台风、高温等气象灾害预警信号的类型、级别和发布时间", "warning_type warning_color issue_time affected_area", "any"),
    # 社会保障
    ("social_security", "sx-hrss", "si_offices", "{p}社会保险经办服务网点信息", "每季度", (20, 300), "社会保险,服务网点", "提供{p}社会保险经办服务网点的地址、服务时间和服务内容", "office_name address lon lat service_hours services", "any"),
    ("social_security", "sx-hrss", "si_stats", "{p}{y}年社会保险参保情况统计", "每年", (12, 12), "社会保险,参保", "按月统计{p}{y}年养老、医疗和失业保险参保人数", "stat_month pension_insured medical_insured unemployment_insured", "year"),
    ("social_security", "sx-civil-affairs", "subsistence", "{p}{y}年城乡最低生活保障标准及保障情况", "每年", (12, 12), "低保,社会救助", "按月公开{p}{y}年城乡最低生活保障标准和保障户数", "stat_month urban_standard rural_standard households", "year"),
    ("social_security", "sx-healthcare-security", "mi_services", "{p}医疗保障经办服务事项清单", "不定期", (30, 200), "医疗保障,服务事项", "公开{p}医疗保障经办服务事项的编码、办理层级、承诺时限和网办情况", "item_code item_name handling_level time_limit_days online", "any"),
    # 劳动就业
    ("employment", "sx-hrss", "job_fairs", "{p}{y}年招聘会信息", "不定期", (20, 300), "招聘会,就业", "发布{p}{y}年举办的各类招聘会的时间、地点、参会单位和岗位数", "fair_name fair_venue fair_date employers positions", "year"),
    ("employment", "sx-hrss", "skill_training", "{p}职业技能培训机构名录", "每季度", (20, 300), "职业技能培训,培训机构", "汇集{p}职业技能培训机构的名称、培训项目、地址和许可编号", "skill_org credit_code programs address permit_no", "any"),
    ("employment", "sx-hrss", "hr_agencies", "{p}人力资源服务机构名录", "每季度", (30, 500), "人力资源服务,许可", "公开{p}人力资源服务机构的许可编号、地址和有效期", "hr_agency credit_code permit_no address valid_to", "any"),
    ("employment", "sx-hrss", "employment_stats", "{p}{y}年城镇就业情况统计", "每年", (12, 12), "就业,失业率", "按月统计{p}{y}年城镇新增就业、再就业人数和登记失业率", "stat_month new_jobs reemployed unemployment_rate", "year"),
    # 经济建设
    ("economy", "sx-econ-it", "huangjiu_producers", "{p}黄酒生产企业名录", "每半年", (10, 120), "黄酒,食品生产,企业名录", "汇集{p}黄酒生产企业的名称、食品生产许可证编号、地址和年产能", "wine_company credit_code sc_licence address lon lat capacity_kl", "any"),
    ("economy", "sx-drc", "key_projects", "{p}{y}年重点建设项目清单", "每年", (30, 400), "重点项目,投资", "公开{p}{y}年重点建设项目的名称、建设单位、总投资和类别", "key_project owner_unit investment_10k start_year project_type", "year"),
    ("economy", "sx-econ-it", "industrial", "{p}规模以上工业企业名录", "每年", (200, 5000), "规上工业,企业名录", "汇集{p}规模以上工业企业的名称、所属行业和地址", "industrial_company credit_code industry address", "any"),
    ("economy", "sx-commerce", "complexes", "{p}商业综合体信息", "每年", (10, 60), "商业综合体,消费", "汇集{p}商业综合体的位置、建筑面积和开业日期", "complex_name address lon lat floor_area_m2 opening_date", "any"),
    ("economy", "sx-finance", "procurement", "{p}{y}年政府采购意向公开信息", "每年", (100, 3000), "政府采购,采购意向", "公开{p}{y}年各预算单位的政府采购意向", "procurement_item purchaser budget_10k expected_month", "year"),
    ("economy", "sx-commerce", "trade_stats", "{p}{y}年进出口贸易统计", "每年", (12, 12), "进出口,外贸", "按月统计{p}{y}年进出口总额及同比增长", "stat_month export_100m import_100m yoy_pct", "year"),
    # 信用服务
    ("credit", "sx-drc", "licences", "{p}行政许可信息（双公示）", "每日", (2000, 60000), "双公示,行政许可,信用", "公开{p}对法人和其他组织作出的行政许可决定", "licence_no entity_name credit_code licence_type decision_date authority", "any"),
    ("credit", "sx-drc", "penalties", "{p}行政处罚信息（双公示）", "每日", (800, 20000), "双公示,行政处罚,信用", "公开{p}对法人和其他组织作出的行政处罚决定", "decision_no entity_name credit_code violation_type penalty_type decision_date authority", "any"),
    ("credit", "sx-drc", "red_list", "{p}守信激励红名单企业信息", "每月", (50, 1200), "红名单,守信激励", "公开{p}列入守信激励红名单的企业及列入事由和有效期", "entity_name credit_code list_type list_reason listed_date valid_to", "any"),
    ("credit", "sx-market-regulation", "abnormal", "{p}经营异常名录企业信息", "每日", (500, 30000), "经营异常名录,信用监管", "公开{p}被列入经营异常名录的企业及列入原因和决定机关", "entity_name credit_code abnormal_reason listed_date authority", "any"),
    ("credit", "sx-market-regulation", "market_entities", "{p}{y}年新设市场主体登记信息", "每年", (3000, 80000), "市场主体,登记", "公开{p}{y}年新设立企业的类型、注册资本和成立日期", "entity_name credit_code entity_type capital_10k established_date", "year"),
    # 公共安全
    ("public_safety", "sx-emergency", "shelters", "{p}应急避难场所信息", "每年", (20, 600), "应急避难场所,防灾减灾", "汇集{p}应急避难场所的位置、面积、可容纳人数和类别", "shelter_name address lon lat area_m2 shelter_capacity shelter_level", "any"),
    ("public_safety", "sx-emergency", "hazchem", "{p}危险化学品经营许可企业信息", "每月", (30, 600), "危险化学品,经营许可", "公开{p}危险化学品经营许可企业的许可编号、许可范围和有效期", "chem_company credit_code permit_no business_scope valid_to", "any"),
    ("public_safety", "sx-public-security", "police_service", "{p}公安户籍和出入境办理点信息", "每半年", (10, 120), "户籍,出入境,办事指南", "提供{p}公安派出所户籍窗口和出入境接待点的地址、服务时间和办理业务", "police_station address lon lat service_hours police_services", "any"),
    ("public_safety", "sx-emergency", "fire_stations", "{p}消防救援站分布信息", "每年", (10, 80), "消防救援站,应急", "提供{p}消防救援站的名称、类别和位置", "fire_station fire_station_type address lon lat", "any"),
    ("public_safety", "sx-public-security", "traffic_cameras", "{p}道路交通技术监控设备点位信息", "每季度", (100, 3000), "电子警察,交通安全", "公开{p}道路交通技术监控设备的点位、抓拍类型和启用日期", "device_id road_name lon lat capture_type enabled_date", "any"),
    # 农业农村
    ("agriculture", "sx-agriculture", "cooperatives", "{p}农民专业合作社名录", "每半年", (100, 3000), "农民专业合作社,农业", "汇集{p}农民专业合作社的名称、主营产业、地址和成员数", "coop_name credit_code agri_industry address members", "any"),
    ("agriculture", "sx-agriculture", "agri_tests", "{p}{y}年农产品质量安全监测结果", "每年", (200, 4000), "农产品质量安全,检测", "公开{p}{y}年农产品质量安全例行监测的抽样和检测结果", "sample_id product sampling_date test_item test_result", "year"),
    ("agriculture", "sx-agriculture", "tea_bases", "{p}名优茶生产基地信息", "每年", (20, 300), "茶叶,生产基地", "汇集{p}名优茶生产基地的茶叶品类、面积和位置", "tea_base tea_variety area_mu address lon lat", "any"),
    ("agriculture", "sx-agriculture", "villages", "{p}美丽乡村精品村名单", "每年", (20, 200), "美丽乡村,乡村振兴", "公开{p}美丽乡村精品村的所属乡镇、命名年份和特色产业", "village_name town named_year features lon lat", "any"),
    # 城建住房
    ("housing", "sx-housing", "presale", "{p}商品房预售许可信息", "每周", (50, 1500), "商品房,预售许可", "公开{p}商品房预售许可证的项目名称、开发企业、套数和发证日期", "presale_no estate_project developer credit_code units issue_date", "any"),
    ("housing", "sx-housing", "rental_housing", "{p}保障性租赁住房项目信息", "每季度", (10, 120), "保障性租赁住房,住房保障", "汇集{p}保障性租赁住房项目的位置、房源套数和建设状态", "housing_project address lon lat units status", "any"),
    ("housing", "sx-natural-resources", "plan_permits", "{p}{y}年建设工程规划许可证信息", "每年", (100, 2000), "规划许可,建设工程", "公开{p}{y}年核发的建设工程规划许可证", "plan_permit_no estate_project builder floor_area_m2 issue_date", "year"),
    ("housing", "sx-housing", "old_communities", "{p}老旧小区改造项目信息", "每季度", (20, 400), "老旧小区改造,城市更新", "汇集{p}老旧小区改造项目的楼栋数、涉及户数、开工日期和进度", "community_name address buildings households start_date status", "any"),
    # 资源能源
    ("resources_energy", "sx-water", "river_levels", "{p}河道水位实时监测数据", "实时", (20000, 600000), "水位,河道,防汛", "提供{p}河道水位监测站的实时水位和警戒水位", "gauge_station river water_level_m warning_level_m monitor_time lon lat", "any"),
    ("resources_energy", "sx-water", "reservoirs", "{p}水库基本信息", "每年", (10, 160), "水库,水利工程", "汇集{p}水库的规模、总库容、正常蓄水位和位置", "reservoir_name reservoir_scale storage_10k_m3 normal_level lon lat", "any"),
    ("resources_energy", "sx-natural-resources", "land_supply", "{p}{y}年国有建设用地供应信息", "每年", (40, 900), "土地供应,建设用地", "公开{p}{y}年国有建设用地供应的地块位置、用途、面积和成交价", "parcel_no land_location land_use area_m2 supply_method deal_price_10k decision_date", "year"),
    ("resources_energy", "sx-natural-resources", "mining_rights", "{p}采矿权信息", "每年", (10, 80), "采矿权,矿产资源", "公开{p}采矿许可证的矿山名称、开采矿种、矿区面积和有效期", "mining_no mine_name mineral area_km2 valid_to", "any"),
    # 机构团体
    ("institutions", "sx-civil-affairs", "social_orgs", "{p}社会组织登记信息", "每月", (200, 4000), "社会组织,登记", "公开{p}社会团体、民办非企业单位和基金会的登记信息", "org_name credit_code org_type registered_date supervisor", "any"),
    ("institutions", "sx-data-bureau", "service_halls", "{p}政务服务中心和便民服务中心信息", "每季度", (10, 200), "政务服务,便民服务中心", "提供{p}政务服务中心和乡镇（街道）便民服务中心的地址、服务时间和窗口数", "hall_name address lon lat service_hours window_count", "any"),
    ("institutions", "sx-data-bureau", "open_stats", "{p}{y}年公共数据开放情况统计", "每年", (100, 600), "公共数据开放,统计", "统计{p}{y}年各数源单位开放数据集、接口数量和下载次数", "department domain_name dataset_count api_count downloads", "year"),
    ("institutions", "sx-data-bureau", "gov_services", "{p}政务服务事项清单", "不定期", (800, 6000), "政务服务事项,一网通办", "公开{p}政务服务事项的编码、名称、实施部门、事项类型和承诺时限", "item_code gov_item department item_type time_limit_days online", "any"),
    # 民生服务
    ("civil_affairs", "sx-civil-affairs", "elderly_care", "{p}养老机构名录", "每季度", (20, 300), "养老机构,养老服务", "汇集{p}养老机构的名称、机构性质、床位数、星级和位置", "care_name care_nature beds care_star address lon lat", "any"),
    ("civil_affairs", "sx-civil-affairs", "community_centres", "{p}社区服务中心信息", "每半年", (40, 600), "社区服务,邻里中心", "提供{p}社区服务中心的地址、服务时间和服务内容", "centre_name address lon lat service_hours services", "any"),
    ("civil_affairs", "sx-civil-affairs", "marriage_offices", "{p}婚姻登记处信息", "每年", (10, 20), "婚姻登记,办事指南", "提供{p}婚姻登记处的地址、服务时间和网上预约情况", "marriage_office address lon lat service_hours appointment", "any"),
    ("civil_affairs", "sx-civil-affairs", "elderly_canteens", "{p}老年食堂（助餐点）信息", "每季度", (20, 600), "老年食堂,助餐服务", "提供{p}老年食堂和助餐点的位置、供餐时段和座位数", "canteen_name address lon lat meal_times seats", "any"),
    ("civil_affairs", "sx-data-bureau", "convenience_services", "{p}{y}年民生事项一件事办理情况", "每年", (12, 12), "一件事,民生服务", "按月统计{p}{y}年出生、退休等民生一件事的办理件数和平均办理时长", "stat_month gov_item handled_count avg_days online", "year"),
]
CITY_PLACE = {"bus_routes": "绍兴市区", "bus_stops": "绍兴市区", "bus_arrival": "绍兴市区"}


# ---------------------------------------------------------------- reference tables
def read_csv(name: str) -> list[dict]:
    with (HERE / name).open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def load_reference():
    depts = {d["name"]: d for d in read_csv("departments.csv")}
    domains = {d["code"]: d for d in read_csv("domains.csv")}
    districts = {d["code"]: d for d in read_csv("districts.csv")}
    assert set(domains) == set(DOMAIN_QUOTA) and set(districts) == set(SHORT)
    return depts, domains, districts


def shuffled_quota(rng, quota: dict) -> list:
    items = [key for key, n in quota.items() for _ in range(n)]
    rng.shuffle(items)
    return items


def weighted(rng, pairs):
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]


# ---------------------------------------------------------------- catalogue entries
def place_name(tpl_key: str, code: str, districts) -> str:
    if code == "330600":
        return CITY_PLACE.get(tpl_key, "绍兴市")
    return districts[code]["label_zh"]


def pick_title(rng, domain, year, templates, used, counts, districts):
    """Choose a template and district for an entry; returns (template, code, data_year, title)."""
    options = [t for t in templates if t[0] == domain]
    # use every template of the domain once before repeating any, least used first
    options.sort(key=lambda t: (counts[t[2]], rng.random()))
    data_year = year - 1
    for tpl in options:
        codes = [c for c in SHORT if (tpl[2], c, data_year if tpl[9] == "year" else None) not in used]
        if not codes:
            continue
        code = rng.choices(codes, weights=[4 if c == "330600" else 1 for c in codes])[0]
        used.add((tpl[2], code, data_year if tpl[9] == "year" else None))
        counts[tpl[2]] += 1
        title = tpl[3].format(p=place_name(tpl[2], code, districts), y=data_year)
        return tpl, code, data_year, title
    raise RuntimeError(f"no free title left in {domain}")


def random_issue_date(rng, year: int) -> dt.date:
    first = dt.date(year, 1, 1)
    last = LAST_ISSUE if year == LAST_ISSUE.year else dt.date(year, 12, 31)
    return first + dt.timedelta(days=rng.randint(0, (last - first).days))


def dates_for(rng, tpl, issued: dt.date, data_year: int):
    """(modified, temporal_start, temporal_end) consistent with the update frequency."""
    freq = tpl[4]
    if tpl[9] == "year":  # a closed year's data: published once, corrected shortly after
        modified = min(LAST_DAY, issued + dt.timedelta(days=rng.randint(0, 90)))
    elif freq == "不更新":
        modified = issued
    elif freq in FREQ_STALENESS:
        modified = max(issued, LAST_DAY - dt.timedelta(days=rng.randint(0, FREQ_STALENESS[freq])))
    else:
        modified = issued + dt.timedelta(days=rng.randint(0, (LAST_DAY - issued).days))
    if tpl[9] == "year":
        return modified, dt.date(data_year, 1, 1), dt.date(data_year, 12, 31)
    if freq in ("实时", "每日"):
        start = modified - dt.timedelta(days=rng.randint(1, 60))
    else:
        start = dt.date(max(2012, issued.year - rng.randint(0, 6)), rng.randint(1, 12), 1)
    return modified, min(start, modified), modified


def make_entries(rng, depts, domains, districts) -> list[dict]:
    n = sum(DOMAIN_QUOTA.values())
    assert n == sum(YEAR_QUOTA.values()) == sum(LEVEL_QUOTA.values())
    domain_list = shuffled_quota(rng, DOMAIN_QUOTA)
    year_list = shuffled_quota(rng, YEAR_QUOTA)
    level_list = shuffled_quota(rng, LEVEL_QUOTA)
    # fill the domains in order of issue so older entries get the first template of each kind
    order = sorted(range(n), key=lambda k: (year_list[k], k))
    used, counts, entries = set(), Counter(), []
    for k in order:
        domain, year, level = domain_list[k], year_list[k], level_list[k]
        tpl, code, data_year, title = pick_title(rng, domain, year, TEMPLATES, used, counts, districts)
        issued = random_issue_date(rng, year)
        modified, t_start, t_end = dates_for(rng, tpl, issued, data_year)
        dep = depts[tpl[1]]
        p = place_name(tpl[2], code, districts)
        entries.append({
            "tpl": tpl, "region": code, "title": title, "domain": domain, "dept": dep,
            "level": level, "issued": issued, "modified": modified, "start": t_start, "end": t_end,
            "records": rng.randint(*tpl[5]),
            "condition": rng.choice(CONDITIONS) if level == "有条件开放" else "",
            "keywords": ",".join(tpl[6].split(",") + [SHORT[code] if code != "330600" else "绍兴"]),
            "abstract": make_abstract(tpl, p, data_year, dep["title"], level),
            "licence": weighted(rng, LICENCES),
        })
    entries.sort(key=lambda e: (e["issued"], e["title"]))
    serial = Counter()
    for no, e in enumerate(entries, 1):
        abbr = DOMAIN_ABBR[e["domain"]]
        serial[(abbr, e["issued"].year)] += 1
        e["no"] = no
        e["code"] = f"SX-{abbr}-{e['issued'].year}-{serial[(abbr, e['issued'].year)]:04d}"
    return entries


def make_abstract(tpl, place: str, data_year: int, dept_title: str, level: str) -> str:
    text = tpl[7].format(p=place, y=data_year) + "。"
    text += f"数据由{dept_title}提供，{FREQ_PHRASE[tpl[4]]}。"
    if level == "有条件开放":
        text += "数据经申请审核通过后开放使用。"
    elif level == "不予开放":
        text += "本目录仅公开元数据，可通过数据需求提出开放申请。"
    return text


# ---------------------------------------------------------------- resources and files
def sample_rows(rng, entry, fields, ctx_base) -> list[dict]:
    """10-40 rows; a city-level entry spreads its rows over the districts (the urban ones for
    城区 datasets) so that names, addresses and coordinates of a row agree."""
    n = min(40, max(10, entry["records"])) if entry["records"] <= 40 else rng.randint(10, 40)
    spread = ("330602", "330603", "330604") if entry["tpl"][2] in CITY_PLACE else list(ROADS)
    first, seen, rows = fields[0], set(), []
    for i in range(n):
        code = rng.choice(spread) if ctx_base["code"] == "330600" else ctx_base["code"]
        ctx = SimpleNamespace(**{**ctx_base, "code": code, "label": ctx_base["labels"][code]}, i=i)
        for _ in range(30):  # keep the leading name or code column free of repeats
            row = {f: FIELDS[f][2](rng, ctx) for f in fields}
            if row[first] not in seen:
                break
        seen.add(row[first])
        rows.append(row)
    return rows


def text_value(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def write_csv(path: Path, fields, rows):
    with path.open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow(fields)
        out.writerows([[text_value(r[k]) for k in fields] for r in rows])


def write_json(path: Path, fields, rows):
    data = [{k: text_value(r[k]) for k in fields} for r in rows]
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def write_xlsx_sample(path: Path, fields, rows):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "data"
    ws.append(list(fields))
    for r in rows:
        ws.append([r[k] for k in fields])
    style_dates(ws)
    save_workbook(wb, path)


WRITERS = {"CSV": write_csv, "XLSX": write_xlsx_sample, "JSON": write_json}


def interface_plan(rng, entries):
    """Which open entries get an open API and which a shared interface (fixed totals)."""
    open_entries = [e for e in entries if e["level"] != "不予开放"]
    realtime = [e["code"] for e in open_entries if e["tpl"][4] == "实时"]
    others = [e["code"] for e in open_entries if e["tpl"][4] != "实时"]
    rng.shuffle(others)
    open_api = set(realtime + others[:OPEN_API_QUOTA - len(realtime)])
    codes = [e["code"] for e in open_entries]
    rng.shuffle(codes)
    return open_api, set(codes[:SHARED_API_QUOTA])


def make_resources(rng, entries, depts, domains, districts, files_dir: Path) -> list[list]:
    open_api, shared = interface_plan(rng, entries)
    ctx_extra = {"labels": {c: d["label_zh"] for c, d in districts.items()},
                 "dept_titles": [d["title"] for d in depts.values()],
                 "domain_labels": [d["label_zh"] for d in domains.values()]}
    rows = []
    for e in entries:
        if e["level"] == "不予开放":
            continue
        tpl, code, core = e["tpl"], e["code"], e["tpl"][3].format(p="", y=e["start"].year)
        kinds = ["open_api"] * (code in open_api) + ["shared_api"] * (code in shared)
        files = 1 if not kinds or rng.random() < 0.75 else 0
        files += 1 if files and len(kinds) < 2 and rng.random() < 0.25 else 0
        formats = [weighted(rng, FILE_FORMATS)]
        formats.append("JSON" if formats[0] != "JSON" else "CSV")
        ctx = {"code": e["region"], "label": districts[e["region"]]["label_zh"],
               "start": e["start"], "end": e["end"], **ctx_extra}
        issued = [e["issued"]] + sorted(e["issued"] + dt.timedelta(days=rng.randint(0, (e["modified"] - e["issued"]).days))
                                       for _ in range(2))
        n = 0
        for fmt_name in formats[:files]:
            fields = tpl[8].split()
            sample = sample_rows(rng, e, fields, ctx)
            rel = f"files/{code}/{tpl[2]}.{fmt_name.lower()}"
            (files_dir.parent / rel).parent.mkdir(parents=True, exist_ok=True)
            WRITERS[fmt_name](files_dir.parent / rel, fields, sample)
            rows.append([code, f"{core}.{fmt_name.lower()}", "文件下载", fmt_name, rel, issued[n],
                         f"{e['title']}数据文件（{fmt_name}，{len(sample)}条记录，UTF-8编码）。"])
            n += 1
        for kind in kinds:
            rows.append(api_row(e, core, kind, issued[n]))
            n += 1
    return rows


def api_row(e, core: str, kind: str, issued: dt.date) -> list:
    if kind == "open_api":
        access = "经申请审核通过后" if e["level"] == "有条件开放" else "注册并申请AppKey后"
        return [e["code"], f"{core}查询接口", "开放接口", "API",
                f"https://data.sx.gov.cn/api/open/{e['code']}/1", issued,
                f"{access}调用，返回JSON格式数据，默认限流每秒20次。"]
    return [e["code"], f"{core}共享接口", "共享接口", "API",
            f"https://share.sx.gov.cn/api/share/{e['code']}/1", issued,
            "供政务部门通过一体化智能化公共数据平台按需申请共享调用。"]


def make_data_items(rng, entries) -> list[list]:
    chosen = [e for e in entries if rng.random() < DATA_ITEM_SHARE]
    rows = []
    for e in chosen:
        e["has_items"] = True
        for name in e["tpl"][8].split():
            label, ftype, _, note = FIELDS[name]
            rows.append([e["code"], name, label, ftype, note or label])
    return rows


# ---------------------------------------------------------------- workbook
CATALOG_HEADER = ["序号", "信息资源代码", "数据目录名称", "数源单位", "数据领域", "开放属性", "开放条件",
                  "更新频率", "行政区划", "数据量", "发布日期", "更新日期", "时间范围起", "时间范围止",
                  "关键字", "摘要", "联系电话", "联系邮箱", "许可"]
RESOURCE_HEADER = ["信息资源代码", "资源名称", "资源类型", "数据格式", "资源地址", "发布日期", "资源描述"]
ITEM_HEADER = ["信息资源代码", "字段名", "中文名称", "字段类型", "说明"]


def contacts(rng, depts) -> dict:
    return {slug: (f"0575-8{rng.randint(0, 9999999):07d}", f"opendata.{slug.removeprefix('sx-')}@sx.gov.cn")
            for slug in depts}


def catalog_rows(entries, domains, districts, contact) -> list[list]:
    rows = []
    for e in entries:
        phone, email = contact[e["dept"]["name"]]
        rows.append([e["no"], e["code"], e["title"], e["dept"]["title"], domains[e["domain"]]["label_zh"],
                     e["level"], e["condition"], e["tpl"][4], districts[e["region"]]["label_zh"],
                     e["records"], e["issued"], e["modified"], e["start"], e["end"], e["keywords"],
                     e["abstract"], phone, email, e["licence"]])
    return rows


def style_dates(ws):
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, dt.datetime):
                cell.number_format = "yyyy-mm-dd hh:mm:ss"
            elif isinstance(cell.value, dt.date):
                cell.number_format = "yyyy-mm-dd"


def add_sheet(wb, title, header, rows, widths):
    ws = wb.create_sheet(title)
    ws.append(header)
    for r in rows:
        ws.append(r)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for col, width in zip("ABCDEFGHIJKLMNOPQRS", widths):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "A2"
    style_dates(ws)


def save_workbook(wb, path: Path):
    """Save with fixed document properties and zip timestamps, so reruns are byte-identical."""
    wb.properties.created = wb.properties.modified = FIXED_TIME
    wb.properties.creator = "绍兴市公共数据开放平台"
    buf = io.BytesIO()
    ExcelWriter(wb, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED)).save()
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(zipfile.ZipInfo(info.filename, ZIP_TIME), src.read(info),
                         compress_type=zipfile.ZIP_DEFLATED)


def main():
    rng = random.Random(SEED)
    depts, domains, districts = load_reference()
    files_dir = HERE / "files"
    shutil.rmtree(files_dir, ignore_errors=True)
    files_dir.mkdir()
    contact = contacts(rng, depts)
    entries = make_entries(rng, depts, domains, districts)
    items = make_data_items(rng, entries)
    resources = make_resources(rng, entries, depts, domains, districts, files_dir)
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    add_sheet(wb, "目录", CATALOG_HEADER, catalog_rows(entries, domains, districts, contact),
              [6, 18, 36, 20, 10, 11, 30, 8, 16, 9, 11, 11, 11, 11, 28, 60, 15, 32, 10])
    add_sheet(wb, "资源", RESOURCE_HEADER, resources, [18, 34, 10, 8, 56, 11, 60])
    add_sheet(wb, "数据项", ITEM_HEADER, items, [18, 22, 18, 9, 30])
    save_workbook(wb, HERE / "catalog.xlsx")
    kinds = Counter(r[2] for r in resources)
    print(f"entries {len(entries)}, resources {len(resources)} {dict(kinds)}, "
          f"data items {len(items)} for {sum(1 for e in entries if e.get('has_items'))} entries")


if __name__ == "__main__":
    main()

"""Demo requests for `make run`: a few in different states (submitted, routed, accepted,
declined, fulfilled) and one error report, filed by the demo citizen (seed/accounts.py) and
answered through the actions as the bureau would. Idempotent: skipped when any request exists."""
from __future__ import annotations

import ckan.model as model
import ckan.plugins.toolkit as tk
import sqlalchemy as sa

from . import workdays
from .model import holiday, item

CITIZEN = "sx_citizen"
DEPARTMENT = "sx-transport"


def _entries(n: int) -> list[str]:
    rows = model.Session.execute(sa.text("""SELECT p.name FROM package p JOIN "group" g ON g.id = p.owner_org
        WHERE p.state = 'active' AND NOT p.private AND p.type = 'dataset' AND g.name = :org ORDER BY p.name
        LIMIT :n"""), {"org": DEPARTMENT, "n": n}).scalars().all()
    return list(rows)


def ensure() -> int:
    if not model.Session.execute(sa.select(holiday.c.day).limit(1)).first():
        workdays.load()
        model.Session.commit()
    if model.Session.execute(sa.select(item.c.id).limit(1)).first() or model.User.get(CITIZEN) is None:
        return 0
    entries = _entries(2)
    if not entries or model.Group.get(DEPARTMENT) is None:
        return 0
    site = {"user": tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"]}
    act = tk.get_action

    def file(**data):
        return act("shaoxing_feedback_create")({"user": CITIZEN}, data)

    file(title="各小区电梯年检结果", description="希望开放全市住宅小区电梯的年检时间和结果。", domain="housing",
         intended_use="社区公众号提醒")
    routed = file(title="公交线路实时到站数据", description="需要公交车实时位置或到站预测接口。", domain="transport",
                  intended_use="出行 App", contact="email")
    act("shaoxing_feedback_route")(dict(site), {"id": routed["id"], "organization_id": DEPARTMENT,
                                                "reply": "已转市交通运输局办理。"})
    accepted = file(title="共享单车停放点", description="各区共享单车电子围栏停放点的位置。", domain="transport")
    act("shaoxing_feedback_route")(dict(site), {"id": accepted["id"], "organization_id": DEPARTMENT})
    act("shaoxing_feedback_answer")(dict(site), {"id": accepted["id"], "state": "accepted", "planned": "2027-03-31",
                                                 "reply": "已列入明年一季度开放计划。"})
    declined = file(title="个人出行轨迹", description="希望获得个人出行明细。", domain="transport")
    act("shaoxing_feedback_route")(dict(site), {"id": declined["id"], "organization_id": DEPARTMENT})
    act("shaoxing_feedback_answer")(dict(site), {"id": declined["id"], "state": "declined",
                                                 "reply": "涉及个人信息，不予开放；可申请脱敏后的汇总数据。"})
    fulfilled = file(title="交通数据开放", description="希望开放交通方面的基础数据。", domain="transport")
    act("shaoxing_feedback_route")(dict(site), {"id": fulfilled["id"], "organization_id": DEPARTMENT})
    act("shaoxing_feedback_answer")(dict(site), {"id": fulfilled["id"], "state": "fulfilled",
                                                 "package_id": entries[0], "reply": "已开放，见关联数据集。"})
    file(kind="report", title="更新频率与实际不符", description="页面写每月更新，最近一年没有更新。",
         package_id=entries[-1], field="更新频率", should_be="请按实际频率填写或及时更新")
    return 6

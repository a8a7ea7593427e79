"""The contest's defaults: what a new contest gets when its creator leaves a field out. The
scalar ones are options (config_declaration.yaml), read where they are used; the default tracks
(the city's four priority domains) and scoring criteria are the published contest rules."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

TRACKS = [{"code": "urban_management", "label": "城市管理 / Urban management"},
          {"code": "transport", "label": "交通出行 / Transport"},
          {"code": "health", "label": "医疗健康 / Health care"},
          {"code": "culture_tourism", "label": "文化旅游 / Culture and tourism"}]
CRITERIA = [{"code": "innovation", "label": "创新性 / Innovation", "weight": 25},
            {"code": "data_use", "label": "数据利用 / Use of open data", "weight": 25},
            {"code": "value", "label": "应用价值 / Application value", "weight": 25},
            {"code": "technical", "label": "技术实现 / Technical implementation", "weight": 15},
            {"code": "presentation", "label": "展示效果 / Presentation", "weight": 10}]


def max_team_size() -> int:
    return tk.config.get("ckanext.shaoxing_contest.max_team_size")


def aggregation() -> str:
    return tk.config.get("ckanext.shaoxing_contest.aggregation")

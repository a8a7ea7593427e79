"""The 503 answer for a service that does not answer: a page in the page's language (HTML), or
JSON in both languages for the API (`/api/…`: the action API and the interfaces' REST
endpoints), always with Retry-After. The page is drawn without anything that reads the database,
so it renders while PostgreSQL is down too."""
from __future__ import annotations

import json
import logging

import ckan.plugins.toolkit as tk
from flask import make_response, request

from . import health

log = logging.getLogger(__name__)

# (title, explanation) per service, Chinese and English: the JSON carries both, a page its own.
MESSAGES = {
    health.POSTGRESQL: (("平台数据库暂时不可用", "平台正在恢复，请稍后再试。"),
                        ("The portal's database is temporarily unavailable",
                         "The portal is recovering; please try again in a minute.")),
    health.DATASTORE: (("数据服务暂时不可用",
                        "数据预览、数据接口和表格下载正在恢复，请稍后再试。数据集详情页和文件下载仍可正常使用。"),
                       ("The data service is temporarily unavailable",
                        "Data previews, data APIs and table downloads are recovering; please try again shortly. "
                        "Dataset pages and file downloads still work.")),
    health.SOLR: (("检索服务暂时不可用", "数据目录检索服务正在恢复，请稍后再试。数据集详情页仍可正常访问。"),
                  ("Search is temporarily unavailable",
                   "The catalogue search service is recovering; please try again shortly. Dataset pages still work.")),
}
KINDS = {health.POSTGRESQL: "Database Unavailable", health.DATASTORE: "DataStore Unavailable",
         health.SOLR: "Search Unavailable"}


def retry_after() -> str:
    return str(tk.config.get("ckanext.shaoxing.degrade.retry_after"))


def wants_json() -> bool:
    return request.path.startswith("/api/") and not request.path.startswith("/api/i18n/")


def _english() -> bool:
    try:
        return not str(tk.h.lang()).startswith("zh")
    except Exception:       # no locale could be told (the request failed early): the default
        return not str(tk.config.get("ckan.locale_default", "zh_Hans_CN")).startswith("zh")


def unavailable(service: str):
    """The answer for `service` being down (postgresql, datastore or solr)."""
    log.error("%s unavailable: answering 503 to %s %s", service, request.method, request.path)
    (zh_title, zh_text), (en_title, en_text) = MESSAGES[service]
    headers = {"Retry-After": retry_after()}
    if wants_json():
        body = {"success": False, "error": {"__type": KINDS[service], "message": f"{zh_title} / {en_title}",
                                            "message_zh": f"{zh_title}。{zh_text}", "message_en": f"{en_title}. {en_text}",
                                            "service": service}}
        return make_response(json.dumps(body, ensure_ascii=False), 503,
                             {**headers, "Content-Type": "application/json;charset=utf-8"})
    english = _english()
    page = {"service": service, "lang": "en" if english else "zh-Hans",
            "title": en_title if english else zh_title, "text": en_text if english else zh_text}
    return make_response(_render(page), 503, headers)


def _render(page: dict) -> str:
    # The portal's page around the message when it can be drawn (Solr or the DataStore down);
    # with PostgreSQL down the header's account menu cannot be, so a page of its own.
    if page["service"] != health.POSTGRESQL:
        try:
            return tk.render("shaoxing/unavailable.html", {"unavailable": page})
        except Exception:
            log.warning("the portal's page could not be drawn around the 503 message", exc_info=True)
    return tk.render("shaoxing/unavailable_bare.html", {"unavailable": page,
                                                        "site_title": tk.config.get("ckan.site_title")})

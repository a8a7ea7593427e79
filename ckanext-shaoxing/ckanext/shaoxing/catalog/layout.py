"""The published layout of the catalogue workbook: sheet names, Chinese headers, and which
catalogue field each column holds. Import and export both read this table, so a file exported
here imports unchanged."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    header: str
    field: str | None          # None: informational (序号)
    kind: str = "text"         # text | int | date | choice | department | tags | license | interface
    required: bool = False
    en: str = ""               # English name used in error messages


ENTRIES = "目录"
RESOURCES = "资源"
DATA_ITEMS = "数据项"

ENTRY_COLUMNS = (
    Column("序号", None, "int", en="No."),
    Column("信息资源代码", "catalog_code", required=True, en="catalogue code"),
    Column("数据目录名称", "title", required=True, en="title"),
    Column("数源单位", "owner_org", "department", required=True, en="department"),
    Column("数据领域", "domain", "choice", required=True, en="domain"),
    Column("开放属性", "open_level", "choice", required=True, en="open level"),
    Column("开放条件", "open_condition", en="conditions of opening"),
    Column("更新频率", "update_frequency", "choice", required=True, en="update frequency"),
    Column("行政区划", "region_code", "choice", required=True, en="district"),
    Column("数据量", "record_count", "int", en="records"),
    Column("发布日期", "issued", "date", en="issued"),
    Column("更新日期", "modified", "date", en="modified"),
    Column("时间范围起", "temporal_start", "date", en="time coverage from"),
    Column("时间范围止", "temporal_end", "date", en="time coverage to"),
    Column("关键字", "tag_string", "tags", en="keywords"),
    Column("摘要", "notes", required=True, en="abstract"),
    Column("联系电话", "contact_phone", en="contact phone"),
    Column("联系邮箱", "contact_email", en="contact e-mail"),
    Column("许可", "license_id", "license", en="licence"),
)

RESOURCE_COLUMNS = (
    Column("信息资源代码", "catalog_code", required=True, en="catalogue code"),
    Column("资源名称", "name", required=True, en="resource name"),
    Column("资源类型", "interface_type", "choice", required=True, en="resource kind"),
    Column("数据格式", "format", en="format"),
    Column("资源地址", "url", required=True, en="address"),
    Column("发布日期", "issued", "date", en="issued"),
    Column("资源描述", "description", en="description"),
)

DATA_ITEM_COLUMNS = (
    Column("信息资源代码", "catalog_code", required=True, en="catalogue code"),
    Column("字段名", "field_name", required=True, en="field name"),
    Column("中文名称", "field_label", required=True, en="Chinese name"),
    Column("字段类型", "field_type", "choice", required=True, en="field type"),
    Column("说明", "description", en="description"),
)

SHEETS = {ENTRIES: ENTRY_COLUMNS, RESOURCES: RESOURCE_COLUMNS, DATA_ITEMS: DATA_ITEM_COLUMNS}
# Only the entries sheet is required: a catalogue may list entries without resources or items.
REQUIRED_SHEETS = (ENTRIES,)


def cell_text(value) -> str:
    """A cell as text: whole floats without ".0" (Excel stores 100 as 100.0), trimmed."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip() if value is not None else ""

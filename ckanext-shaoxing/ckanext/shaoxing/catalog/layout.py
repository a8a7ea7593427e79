"""The published layout of the catalogue workbook: sheet names, Chinese headers, and which
catalogue field each column holds. Import and export both read this table, so a file exported
here imports unchanged."""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    header: str
    field: str | None          # None: informational (序号)
    kind: str = "text"         # text | code | int | date | choice | department | tags | license
    required: bool = False


ENTRIES = "目录"
RESOURCES = "资源"
DATA_ITEMS = "数据项"

ENTRY_COLUMNS = (
    Column("序号", None, "int"),
    Column("信息资源代码", "catalog_code", "code", required=True),
    Column("数据目录名称", "title", required=True),
    Column("数源单位", "owner_org", "department", required=True),
    Column("数据领域", "domain", "choice", required=True),
    Column("开放属性", "open_level", "choice", required=True),
    Column("开放条件", "open_condition"),
    Column("更新频率", "update_frequency", "choice", required=True),
    Column("行政区划", "region_code", "choice", required=True),
    Column("数据量", "record_count", "int"),
    Column("发布日期", "issued", "date"),
    Column("更新日期", "modified", "date"),
    Column("时间范围起", "temporal_start", "date"),
    Column("时间范围止", "temporal_end", "date"),
    Column("关键字", "tag_string", "tags"),
    Column("摘要", "notes", required=True),
    Column("联系电话", "contact_phone", "code"),
    Column("联系邮箱", "contact_email", "code"),
    Column("许可", "license_id", "license"),
)

RESOURCE_COLUMNS = (
    Column("信息资源代码", "catalog_code", "code", required=True),
    Column("资源名称", "name", required=True),
    Column("资源类型", "interface_type", "choice", required=True),
    Column("数据格式", "format", "code"),
    Column("资源地址", "url", required=True),
    Column("发布日期", "issued", "date"),
    Column("资源描述", "description"),
)

DATA_ITEM_COLUMNS = (
    Column("信息资源代码", "catalog_code", "code", required=True),
    Column("字段名", "field_name", "code", required=True),
    Column("中文名称", "field_label", required=True),
    Column("字段类型", "field_type", "choice", required=True),
    Column("说明", "description"),
)

# Only the entries sheet is required: a catalogue may list entries without resources or items.
SHEETS = {ENTRIES: ENTRY_COLUMNS, RESOURCES: RESOURCE_COLUMNS, DATA_ITEMS: DATA_ITEM_COLUMNS}


def cell_text(value) -> str:
    """A cell as text: whole floats without ".0" (Excel stores 100 as 100.0), trimmed (str.strip
    also takes the ideographic space U+3000 that Chinese workbooks pad labels with)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip() if value is not None else ""


def normal(text: str) -> str:
    """Codes, numbers, dates and labels as typed with a Chinese input method: full-width letters,
    digits and punctuation folded to ASCII (NFKC), trimmed. Free text (titles, abstracts) is
    never folded: its full-width punctuation is the text."""
    return unicodedata.normalize("NFKC", text).strip()

"""Who may do what with the catalogue workbook."""
from __future__ import annotations

__all__ = ["shaoxing_catalog_import"]


def shaoxing_catalog_import(context, data_dict):
    # Only sysadmins (who pass every check before this runs) import the whole catalogue.
    return {"success": False, "msg": "只有平台管理员可以导入目录 / only sysadmins may import the catalogue"}

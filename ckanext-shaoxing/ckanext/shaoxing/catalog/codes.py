"""Label ↔ code lookups for the workbook: controlled fields come from the scheming schema,
departments from the organizations in the portal, licences from CKAN's licence register."""
from __future__ import annotations

import ckan.model as model

from ..schemas.fields import schema_fields


def _label(label, lang: str) -> str:
    return label.get(lang, "") if isinstance(label, dict) else str(label or "")


class Codes:
    def __init__(self):
        self.choices: dict[str, dict[str, str]] = {}   # field → {code or label: code}
        self.labels: dict[str, dict[str, str]] = {}    # field → {code: Chinese label}
        for f in schema_fields():
            if "choices" not in f:
                continue
            lookup = self.choices.setdefault(f["field_name"], {})
            for c in f["choices"]:
                for key in (c["value"], _label(c["label"], "zh_Hans_CN"), _label(c["label"], "en")):
                    if key:
                        lookup[key] = c["value"]
                self.labels.setdefault(f["field_name"], {})[c["value"]] = _label(c["label"], "zh_Hans_CN")
        orgs = model.Session.query(model.Group.name, model.Group.title).filter(
            model.Group.is_organization.is_(True), model.Group.state == "active").all()
        self.departments = {**{name: name for name, _ in orgs}, **{title: name for name, title in orgs}}
        register = model.Package.get_license_register()
        self.licenses = {**{lic.title: lid for lid, lic in register.items()}, **{lid: lid for lid in register}}

    def choice(self, field: str, value: str) -> str | None:
        return self.choices[field].get(value)

    def label(self, field: str, code: str) -> str:
        return self.labels.get(field, {}).get(code, code)

"""Label ↔ code lookups for the workbook: controlled fields come from the scheming schema,
departments from the organizations in the portal, licences from CKAN's licence register."""
from __future__ import annotations

import ckan.model as model

from ..schemas.api import schema_fields
from .layout import normal


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
                        lookup[normal(key)] = c["value"]
                self.labels.setdefault(f["field_name"], {})[c["value"]] = _label(c["label"], "zh_Hans_CN")
        orgs = model.Session.query(model.Group.name, model.Group.title).filter(
            model.Group.is_organization.is_(True), model.Group.state == "active").all()
        # Keys are normalised as the workbook's cells are (layout.normal): 绍兴市（市本级） typed
        # with half-width brackets is still the same label.
        self.departments = {normal(k): name for name, title in orgs for k in (name, title)}
        register = model.Package.get_license_register()
        self.licenses = {normal(k): lid for lid, lic in register.items() for k in (lic.title, lid)}

    def choice(self, field: str, value: str) -> str | None:
        return self.choices[field].get(normal(value))

    def department(self, value: str) -> str | None:
        return self.departments.get(normal(value))

    def license(self, value: str) -> str | None:
        return self.licenses.get(normal(value))

    def label(self, field: str, code: str) -> str:
        return self.labels.get(field, {}).get(code, code)

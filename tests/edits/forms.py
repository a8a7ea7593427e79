"""Reading an edit form as a browser would submit it."""
from __future__ import annotations

from bs4 import BeautifulSoup
from ckan import model


def fields(html: str, selector: str = "form") -> dict[str, str | list[str]]:
    """The values a browser sends for the form `selector` without touching it (submit buttons
    and files aside; scheming's script drops its repeating fields' hidden template on submit);
    a name sent more than once has the list of its values."""
    form = BeautifulSoup(html, "html.parser").select_one(selector)
    assert form is not None, f"no {selector} in the page"
    values: dict = {}

    def add(name, value):
        if name in values:
            values[name] = (values[name] if isinstance(values[name], list) else [values[name]]) + [value]
        else:
            values[name] = value

    for template in form.select('[name="repeating-template"]'):
        template.decompose()
    for control in form.select("input[name], textarea[name], select[name]"):
        name, kind = control["name"], control.get("type", "text")
        if control.name == "textarea":
            add(name, control.get_text())
        elif control.name == "select":
            chosen = control.select_one("option[selected]") or control.select_one("option")
            add(name, chosen.get("value", chosen.get_text()) if chosen else "")
        elif kind in ("submit", "button", "file", "image", "reset"):
            continue
        elif kind in ("checkbox", "radio"):
            if control.has_attr("checked"):
                add(name, control.get("value", "on"))
        else:
            add(name, control.get("value", ""))
    return values


def client(app, user: str):
    return app.test_client(user=model.User.get(user))

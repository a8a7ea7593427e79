"""Demo accounts of a fresh portal. Passwords come from the caller (the devstack generates them
on the first run); none is ever written into the repository."""
from __future__ import annotations

import ckan.model as model
import ckan.plugins.toolkit as tk

# (name, full name, role): role is "sysadmin", "editor@<department>" or "user".
DEMO_ACCOUNTS = (
    ("sx_admin", "平台管理员 Platform administrator", "sysadmin"),
    ("sx_editor", "交通运输局数据专员 Transport data editor", "editor@sx-transport"),
    ("sx_citizen", "注册用户 Registered user", "user"),
)


def ensure(context: dict, passwords: dict[str, str]) -> list[str]:
    """Create the demo accounts that are missing, reset their passwords to `passwords`, and
    give each its role. Returns the names handled."""
    done = []
    for name, fullname, role in DEMO_ACCOUNTS:
        password = passwords.get(name)
        if not password:
            continue
        user = model.User.get(name)
        if user is None:
            tk.get_action("user_create")(dict(context), {
                "name": name, "fullname": fullname, "password": password,
                "email": f"{name}@demo.sx-opendata.invalid"})
            user = model.User.get(name)
        else:
            user.password = password   # the property hashes it
        user.sysadmin = role == "sysadmin"
        model.repo.commit()
        if role.startswith("editor@"):
            tk.get_action("organization_member_create")(dict(context), {
                "id": role.split("@", 1)[1], "username": name, "role": "editor"})
        done.append(name)
    return done

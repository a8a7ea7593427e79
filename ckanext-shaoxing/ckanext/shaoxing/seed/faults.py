"""The seed's deliberately faulty entries (catalog_seed/faults/faults.json and its files), made
through the action API like any department's entry; entries already there are left alone."""
from __future__ import annotations

import io
import json
import pathlib

import ckan.plugins.toolkit as tk
from werkzeug.datastructures import FileStorage


def load(context: dict, folder: pathlib.Path) -> tuple[int, int]:
    """(created, present) over the entries of `folder`/faults.json."""
    created = present = 0
    for entry in json.loads((folder / "faults.json").read_text(encoding="utf-8")):
        entry = dict(entry)
        name = entry["catalog_code"].lower()
        try:
            tk.get_action("package_show")(dict(context), {"id": name})
            present += 1
            continue
        except tk.ObjectNotFound:
            pass
        file, url = entry.pop("file", None), entry.pop("url", None)
        pkg = tk.get_action("package_create")(dict(context), {**entry, "name": name})
        if file:
            data = (folder / file).read_bytes()
            tk.get_action("resource_create")(dict(context), {
                "package_id": pkg["id"], "name": file, "url": file, "format": "CSV",
                "upload": FileStorage(io.BytesIO(data), filename=file)})
        else:
            tk.get_action("resource_create")(dict(context), {"package_id": pkg["id"], "name": url.rsplit("/", 1)[-1],
                                                              "url": url, "format": "CSV"})
        created += 1
    return created, present

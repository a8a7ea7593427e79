"""The API guide's runnable examples (docs/api/*.md). An example is a fenced `bash` or `python`
block right after a marker comment, optionally followed by the documented answer:

    <!-- example: open-api status=200 -->
    ```bash
    curl "$PORTAL/api/open/SX-JT-2024-0001/1?limit=1"
    ```
    ```json
    {"success": true, "result": {"total": 2, "records": [{"name": "越城区公交站", "_id": "…"}]}}
    ```

A `json` answer is a shape: every key it shows must be in the real answer with an equal value;
"…" stands for any value, and inside a string for any text ("sxk_…"). A list of one element is
the shape of every element of the real list; a longer one gives the elements in order, and a last
element "…" says more may follow. A `text` answer is the exact output. `status` is
the HTTP status of the last curl call of a bash block."""
from __future__ import annotations

import dataclasses
import pathlib
import re

ANY = "…"
MARKER = re.compile(
    r"<!-- example: (?P<name>[\w-]+)(?P<opts>(?: \w+=\S+)*) -->\n"
    r"```(?P<lang>bash|python)\n(?P<code>.*?)```\n"
    r"(?:\n?```(?P<answer_lang>json|text)\n(?P<answer>.*?)```\n)?", re.S)
FENCE = re.compile(r"^```(bash|python)\n(.*?)^```", re.S | re.M)


@dataclasses.dataclass
class Example:
    page: str
    name: str
    lang: str
    code: str
    status: int | None
    answer_lang: str | None
    answer: str | None


def examples(folder: pathlib.Path) -> list[Example]:
    found = []
    for page in sorted(folder.glob("*.md")):
        for m in MARKER.finditer(page.read_text(encoding="utf-8")):
            opts = dict(opt.split("=", 1) for opt in m["opts"].split())
            found.append(Example(page.name, m["name"], m["lang"], m["code"], int(opts["status"]) if "status" in opts
                                 else None, m["answer_lang"], m["answer"]))
    return found


def untagged(folder: pathlib.Path) -> list[str]:
    """bash and python blocks that call the portal ($PORTAL) but are not examples: they would go
    untested. (Blocks that only set the variables are `sh`.)"""
    out = []
    for page in sorted(folder.glob("*.md")):
        text = page.read_text(encoding="utf-8")
        tagged = {m.start("code") for m in MARKER.finditer(text)}
        for m in FENCE.finditer(text):
            if "PORTAL" in m[2] and m.start(2) not in tagged:
                out.append(f"{page.name}: {m[2].splitlines()[0]}")
    return out


def mismatches(doc, real, path: str = "$") -> list[str]:
    """Where the real answer differs from the documented shape (empty: it matches)."""
    if doc == ANY:
        return []
    if isinstance(doc, dict):
        if not isinstance(real, dict):
            return [f"{path}: documented an object, got {real!r:.80}"]
        out = []
        for key, value in doc.items():
            if key not in real:
                out.append(f"{path}.{key}: documented, missing from the answer")
            else:
                out.extend(mismatches(value, real[key], f"{path}.{key}"))
        return out
    if isinstance(doc, list):
        if not isinstance(real, list):
            return [f"{path}: documented a list, got {real!r:.80}"]
        if len(doc) == 1 and doc[0] != ANY:          # the shape of every element
            if not real:
                return [f"{path}: documented elements, the answer's list is empty"]
            return [m for i, item in enumerate(real) for m in mismatches(doc[0], item, f"{path}[{i}]")]
        items, more = (doc[:-1], True) if doc and doc[-1] == ANY else (doc, False)
        if len(real) < len(items) or (not more and len(real) > len(items)):
            return [f"{path}: documented {len(items)}{' or more' if more else ''} elements, got {len(real)}"]
        return [m for i, item in enumerate(items) for m in mismatches(item, real[i], f"{path}[{i}]")]
    if isinstance(doc, str) and ANY in doc:
        pattern = ".*".join(re.escape(part) for part in doc.split(ANY))
        ok = isinstance(real, str) and re.fullmatch(pattern, real, re.S)
        return [] if ok else [f"{path}: documented {doc!r}, got {real!r:.80}"]
    if type(doc) is not type(real) and not (isinstance(doc, (int, float)) and isinstance(real, (int, float))
                                             and not isinstance(real, bool)):
        return [f"{path}: documented {doc!r}, got {real!r:.80}"]
    return [] if doc == real else [f"{path}: documented {doc!r}, got {real!r:.80}"]

"""What an entry's PDF may not carry: active content a viewer would run or open (JavaScript,
launch actions, embedded files). Parsed with pypdf, the maintained pure-Python PDF library, so
object streams, compressed dictionaries and indirect references are read as a viewer reads them
(a byte search misses `/J#53` or keys inside compressed object streams)."""
from __future__ import annotations

import logging
from typing import BinaryIO

from pypdf import PdfReader
from pypdf.errors import PdfReadError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

logging.getLogger("pypdf").setLevel(logging.ERROR)   # malformed uploads are refused, not logged at length

MAX_OBJECTS = 200_000                                 # a walk's bound: a PDF that needs more is refused
KEYS = {"/JavaScript": "JavaScript", "/JS": "JavaScript", "/Launch": "Launch",
        "/EmbeddedFile": "EmbeddedFile", "/EmbeddedFiles": "EmbeddedFile"}
ACTIONS = {"/JavaScript": "JavaScript", "/Launch": "Launch"}    # values of an action's /S
TYPES = {"/EmbeddedFile": "EmbeddedFile", "/Filespec": None}


class Unreadable(ValueError):
    pass


def active_content(stream: BinaryIO) -> list[str]:
    """The kinds of active content found (sorted, empty when none). Unreadable, encrypted or
    oversized documents raise Unreadable: what cannot be inspected is not accepted."""
    try:
        reader = PdfReader(stream, strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise Unreadable("encrypted")
        found: set[str] = set()
        seen: set[tuple[int, int]] = set()
        todo: list = [reader.trailer]
        walked = 0
        while todo:
            obj = todo.pop()
            if isinstance(obj, IndirectObject):
                ref = (obj.idnum, obj.generation)
                if ref in seen:
                    continue
                seen.add(ref)
                obj = obj.get_object()
            walked += 1
            if walked > MAX_OBJECTS:
                raise Unreadable("too many objects")
            if isinstance(obj, DictionaryObject):
                for key, value in obj.items():
                    if key in KEYS:
                        found.add(KEYS[key])
                    if key == "/S" and value in ACTIONS:
                        found.add(ACTIONS[value])
                    if key == "/Type" and TYPES.get(value):
                        found.add(TYPES[value])
                    if key != "/Parent":     # the page tree's back links add nothing new
                        todo.append(value)
            elif isinstance(obj, ArrayObject):
                todo.extend(obj)
        return sorted(found)
    except Unreadable:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, RecursionError) as e:
        raise Unreadable(str(e)) from e
    finally:
        stream.seek(0)

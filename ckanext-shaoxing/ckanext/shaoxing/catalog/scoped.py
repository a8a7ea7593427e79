"""Standing in for one CKAN function within a block, for the thread (context) running the block
only. Swapping a module attribute for the block would change it for every thread of the process,
and two overlapping blocks would restore each other's stand-in; here the attribute is replaced
once, for good, by a dispatcher that asks a ContextVar which function to call."""
from __future__ import annotations

import contextlib
import contextvars
import functools
import threading
from types import ModuleType
from typing import Callable

_installing = threading.Lock()


class Override:
    """`with override(stand_in):` — within the block, `module.name(*a)` calls
    `stand_in(original, *a)` in this context; everywhere else the original, unchanged."""

    def __init__(self, module: ModuleType, name: str):
        self.module, self.name = module, name
        self.stand_in: contextvars.ContextVar[Callable | None] = contextvars.ContextVar(
            f"shaoxing_override_{module.__name__}.{name}", default=None)

    def _install(self) -> None:
        with _installing:
            current = getattr(self.module, self.name)
            if getattr(current, "_shaoxing_override", None) is self:
                return
            # Whatever is there now (the original, or a test's replacement) stays the fallback.
            original, stand_in = current, self.stand_in

            @functools.wraps(original)
            def dispatch(*args, **kwargs):
                chosen = stand_in.get()
                return original(*args, **kwargs) if chosen is None else chosen(original, *args, **kwargs)
            dispatch._shaoxing_override = self
            setattr(self.module, self.name, dispatch)

    @contextlib.contextmanager
    def __call__(self, stand_in: Callable):
        self._install()
        token = self.stand_in.set(stand_in)
        try:
            yield
        finally:
            self.stand_in.reset(token)

"""The company access actions, by concern: companies and their members, applications, grants,
app keys, and the calls made with the keys. Each module lists its actions in `__all__`; the
package exports them all, under the same names, for the plugin's one registration."""
from __future__ import annotations

from . import app_keys, applications, companies, grants, usage

_BY_CONCERN = (companies, applications, grants, app_keys, usage)

__all__ = [name for module in _BY_CONCERN for name in module.__all__]
globals().update({name: getattr(module, name) for module in _BY_CONCERN for name in module.__all__})

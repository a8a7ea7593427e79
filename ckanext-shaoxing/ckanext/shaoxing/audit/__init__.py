"""The security audit trail (等保 2.0 安全审计): one append-only table of security events.

Features announce events on the `shaoxing_security_event` signal (see signals.py); this feature
also hears CKAN's login and account signals. `record` is the one public function that writes."""
from .trail import record

__all__ = ["record"]

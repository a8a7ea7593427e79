"""Parameters of the audit search, as a CKAN schema (validated by @validate before the action)."""
from __future__ import annotations

import ckan.plugins.toolkit as tk


@tk.validator_args
def audit_search(ignore_empty, shaoxing_param_text, shaoxing_param_date, shaoxing_param_count, shaoxing_audit_result,
                 shaoxing_audit_limit, shaoxing_audit_offset, shaoxing_audit_dates, default):
    text = [ignore_empty, shaoxing_param_text]
    return {"date_from": [shaoxing_param_date], "date_to": [shaoxing_param_date],
            "actor": text, "event": text, "object_type": text, "object_id": text,
            "result": [ignore_empty, shaoxing_param_text, shaoxing_audit_result],
            "limit": [default(50), shaoxing_param_count, shaoxing_audit_limit],
            "offset": [default(0), shaoxing_param_count, shaoxing_audit_offset],
            "__after": [shaoxing_audit_dates]}

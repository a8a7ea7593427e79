"""The catalogue schema's door: what other features use of it. Everything else in this folder
(the validators, the scheming YAML) is the schema's own."""
from __future__ import annotations

from .catalog_codes import in_use as catalog_codes_in_use
from .catalog_codes import name_from_code
from .fields import choices, codes, schema_fields
from .lookups import for_many as bulk_validation_context
from .published import as_sql, public_dataset

__all__ = ["as_sql", "bulk_validation_context", "catalog_codes_in_use", "choices", "codes", "name_from_code",
           "public_dataset", "schema_fields"]

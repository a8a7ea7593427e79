"""The search feature's door: what other features use of it, besides the chained core actions.

- `organization_show_retrying(original, context, data_dict)`: organization_show's Solr-outage
  retry, for a feature whose own organization_show chain must run it (a plugin registers one
  chain per action); `organization_list_retrying` likewise for the departments page;
- `usage_totals_for(package_ids)`: a block within which indexing these datasets reads their usage
  totals once for all (indexing many datasets at once);
- `reindex(package_ids)`: refresh these datasets' documents and commit."""
from __future__ import annotations

from .actions import organization_list_retrying, organization_show_retrying
from .index import reindex, usage_totals_for

__all__ = ["organization_list_retrying", "organization_show_retrying", "reindex", "usage_totals_for"]

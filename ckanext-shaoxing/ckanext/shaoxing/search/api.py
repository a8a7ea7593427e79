"""The search feature's door: what other features use of it, besides the chained core actions.

- `organization_show_retrying(original, context, data_dict)`: organization_show's Solr-outage
  retry, for a feature whose own organization_show chain must run it (a plugin registers one
  chain per action); `organization_list_retrying` likewise for the departments page;
- `usage_totals_for(package_ids)`: a block within which indexing these datasets reads their usage
  totals once for all (indexing many datasets at once);
- `reindex(package_ids)`: refresh these datasets' documents and commit;
- `typed_pinyin(word)`: a Latin word being typed read as pinyin, (whole syllables, the start of
  the next one) or None, matching the title's pinyin field `title_py` the index holds;
- `synonym_groups()`: term → its equivalent terms, from the synonym list (同义词表);
- `import_synonyms(path, user, keep=True)` and `SEED_SYNONYMS`: load a CSV of pairs (the
  portal's initial list by default)."""
from __future__ import annotations

from .actions import organization_list_retrying, organization_show_retrying
from .index import reindex, usage_totals_for
from .pinyin import typed as typed_pinyin
from .synonyms import SEED as SEED_SYNONYMS
from .synonyms import import_csv as import_synonyms
from .synonyms import load_groups as synonym_groups

__all__ = ["organization_list_retrying", "organization_show_retrying", "reindex", "usage_totals_for",
           "synonym_groups", "import_synonyms", "SEED_SYNONYMS", "typed_pinyin"]

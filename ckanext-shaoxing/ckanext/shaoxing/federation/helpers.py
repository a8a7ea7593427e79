"""The entry page's schema.org JSON-LD (ckanext-dcat's structured_data) from the public view of
the entry: the page of a member shows stored addresses, its markup never does; an unpublished
entry's page carries an empty object."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from . import public

__all__ = ["structured_data"]


@tk.chained_helper
def structured_data(next_helper, dataset_dict, profiles=None):
    pkg = public.entry(dataset_dict)
    return next_helper(pkg, profiles) if pkg is not None else "{}"

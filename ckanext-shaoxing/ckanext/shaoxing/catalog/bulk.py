"""Creating many datasets in one transaction with CKAN's own validation and model code, minus
the work package_create repeats for every dataset.

Per dataset, package_create queries its URL name, catalogue code, department and user (up to
six lookups), flushes, asks the database for each resource's existing views and re-reads the
whole dataset for the search index. Here:
  * one query each fetches the codes, names and departments of the whole file, and the schema's
    validators answer from them (`schemas.api.bulk_validation_context`): every row is still
    validated once by the full scheming schema;
  * datasets are saved by CKAN's `model_save.package_dict_save`, flushed in batches, then given
    what package_create gives them (the department's membership row, IPackageController hooks —
    the kept target figures recomputed once a batch —, default views where a view plugin can show
    a resource), and package_create's `action_succeeded` signal, which the activity plugin (and
    any other subscriber) listens to;
  * each saved dataset is shown once (CKAN's `package_show_default_and_custom_schemas`, what
    its indexer reads): the custom-schema dict answers the activity plugin's package_show, and
    both make the index document, kept until the caller's commit (indexing.Documents).
"""
from __future__ import annotations

import contextlib
import datetime as dt
import json
from typing import Iterable

import ckan.model as model
import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan import logic
from ckan.lib import datapreview, search
from ckan.lib import plugins as lib_plugins
from ckan.lib.dictization import model_save
from ckan.lib.navl.dictization_functions import MissingNullEncoder

from ..schemas.api import bulk_validation_context
from ..search.api import usage_totals_for
from ..targets.api import refreshed_together
from .indexing import Documents
from .scoped import Override

BATCH = 250   # datasets per flush: few round trips, a small session


class Validator:
    """Validates create dicts through the dataset type's scheming schema, with the lookups for
    all of `data_dicts` (the ones to be validated) fetched once, up front."""

    def __init__(self, data_dicts: list[dict], user: str):
        self.plugin = lib_plugins.lookup_package_plugin("dataset")
        self.context = bulk_validation_context({"user": user, "ignore_auth": True, "model": model,
                                                "session": model.Session}, data_dicts)
        tk.check_access("package_create", dict(self.context), {})

    def __call__(self, data_dict: dict) -> tuple[dict, dict]:
        """(validated data, errors)"""
        return lib_plugins.plugin_validate(self.plugin, dict(self.context), dict(data_dict, type="dataset"),
                                           self.plugin.create_package_schema(), "package_create")


def validate_update(data_dict: dict, package_id: str, user: str) -> dict:
    """The errors package_update would find in `data_dict` over dataset `package_id`, with
    nothing written (so an import writes nothing, files included, until every row is valid)."""
    plugin = lib_plugins.lookup_package_plugin("dataset")
    package = model.Package.get(package_id)
    context = {"user": user, "ignore_auth": True, "model": model, "session": model.Session, "package": package}
    _, errors = lib_plugins.plugin_validate(plugin, context, dict(data_dict, id=package.id, type=package.type,
                                                                  name=package.name),
                                            plugin.update_package_schema(), "package_update")
    return errors


def save(validated: list[dict], user: str, documents: Documents) -> list[str]:
    """Saves validated create dicts in the open transaction, their index documents into
    `documents`; returns their ids in order."""
    views = datapreview.get_default_view_plugins()
    ids: list[str] = []
    for start in range(0, len(validated), BATCH):
        kept = _modified_so_far()
        # The user's row given, each action's access check need not look it up by name (the
        # session forgets it with each batch).
        account = model.User.by_name(user)
        context = {"user": user, "auth_user_obj": account, "ignore_auth": True, "defer_commit": True,
                   "model": model, "session": model.Session}
        batch = [dict(d, creator_user_id=account.id) for d in validated[start:start + BATCH]]
        _tag_ids(batch)
        with model.Session.no_autoflush:
            packages = [model_save.package_dict_save(data, context)[0] for data in batch]
        model.Session.flush()
        with refreshed_together():      # the batch's target figures in one statement
            for package, data in zip(packages, batch):
                _created(package, data, context, views)
        model.Session.flush()
        with _shown(_show(packages, documents)):
            for data in batch:
                _announce(data, context)
        model.Session.flush()   # what subscribers added; expunge_all would drop it unwritten
        ids.extend(package.id for package in packages)
        _forget_modified(kept)
        model.Session.expunge_all()   # written rows stay in the transaction, not in memory
    return ids


def _modified_so_far() -> dict[str, set]:
    cache = getattr(model.Session(), "_object_cache", None) or {}
    return {kind: set(objects) for kind, objects in cache.items()}


def _forget_modified(kept: dict[str, set]) -> None:
    """CKAN's session keeps every object written in the transaction (`_object_cache`) to tell
    the IDomainObjectModification observers at the commit: 10,000 datasets' objects in memory.
    The observers act on changed resources only (this portal's DataStore reload, xloader's), and
    nothing of a batch of new datasets is such: the batch's objects are let go, the entries
    changed before (the same transaction's package_update) stay."""
    cache = getattr(model.Session(), "_object_cache", None)
    if cache:
        for kind, objects in cache.items():
            objects.intersection_update(kept.get(kind, ()))


def _tag_ids(batch: list[dict]) -> None:
    """Free tags get the ids of their rows (made now if new): model_save then finds them by id
    without a query each, and two datasets of one batch cannot both create the same tag."""
    names = {t["name"] for data in batch for t in data.get("tags") or [] if not t.get("vocabulary_id")}
    if not names:
        return
    tags = {t.name: t for t in model.Session.query(model.Tag).filter(
        model.Tag.name.in_(names), model.Tag.vocabulary_id.is_(None))}
    for name in names - tags.keys():
        tags[name] = model.Tag(name=name)
        model.Session.add(tags[name])
    model.Session.flush()
    for data in batch:
        for tag in data.get("tags") or []:
            if not tag.get("vocabulary_id"):
                tag["id"] = tags[tag["name"]].id


def _created(package: model.Package, data: dict, context: dict, views: list) -> None:
    """What package_create does after its save, for one saved dataset."""
    data["id"] = package.id
    for resource, row in zip(data.get("resources") or [], package.resources_all):
        resource["id"] = row.id
    if not data.get("metadata_modified"):
        package.metadata_modified = dt.datetime.utcnow()
    # What package_owner_org_update does for a dataset that has no membership yet (its lookups
    # of the dataset, the department and the memberships would cost three queries each).
    # The group itself must be given too: a Member without it is flushed with no group.
    model.Session.add(model.Member(group=model.Session.get(model.Group, package.owner_org), table_id=package.id,
                                   table_name="package", group_id=package.owner_org, capacity="organization",
                                   state="active"))
    for plugin in p.PluginImplementations(p.IPackageController):
        plugin.create(package)
        plugin.after_dataset_create(context, data)
    if _viewable(data, views):
        datapreview.add_views_to_dataset_resources(dict(context), data)


def _announce(data: dict, context: dict) -> None:
    """What CKAN's action wrapper sends after package_create. The result is the new id, the
    shape package_create returns with `return_id_only` (a package_show of each dataset would
    cost the import as much as its save); the context defers the commit, so subscribers' rows
    (e.g. the activity plugin's) join the import's all-or-nothing transaction."""
    tk.signals.action_succeeded.send("package_create", context=dict(context), data_dict=data, result=data["id"])


def _show(packages: list[model.Package], documents: Documents) -> dict[str, tuple[str, str]]:
    """Each saved dataset dictized and validated once, as CKAN's indexer does it (the show of
    the default schema and of the custom one): both make its index document; the custom one,
    what package_show answers, is returned as the index would hold it, {id: (JSON, modified)}."""
    shown = {}
    ids = [package.id for package in packages]
    # Read back as the indexer after the commit reads them: the extras in PostgreSQL's jsonb
    # key order (the session holds them in the order they were saved), one query a batch.
    model.Session.query(model.Package).filter(model.Package.id.in_(ids)).populate_existing().all()
    with usage_totals_for(ids):   # one read for the batch
        for package in packages:
            # The context of CKAN's indexer (logic.index_update_package) and of the activity
            # plugin's package_show: no user, whose lookup would cost a query a dataset.
            both = logic.package_show_default_and_custom_schemas({}, package.id)
            shown[package.id] = (json.dumps(both[1], cls=MissingNullEncoder), package.metadata_modified.isoformat())
            documents.index(both)
    return shown


_search_show = Override(search, "show")


@contextlib.contextmanager
def _shown(shown: dict[str, tuple[str, str]]):
    """package_show (the activity plugin's, for each announced dataset) first asks Solr for the
    dataset's indexed copy, which a dataset of this transaction cannot have yet; within the block
    it gets the dict just shown, as from the index (package_show then applies the show hooks,
    as it does to an indexed copy), instead of a search request and a second dictization."""
    def show(original, name_or_id, *args, **kwargs):
        if name_or_id not in shown:
            return original(name_or_id, *args, **kwargs)
        validated, modified = shown[name_or_id]
        return {"validated_data_dict": validated, "metadata_modified": modified}
    with _search_show(show):
        yield


def _viewable(data: dict, views: Iterable) -> bool:
    # A new resource has no views yet; asking the view plugins first spares a query each.
    return any(view.can_view({"resource": r, "package": data}) for r in data.get("resources") or []
               for view in views)

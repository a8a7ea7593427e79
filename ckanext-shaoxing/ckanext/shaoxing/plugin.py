"""The `shaoxing` plugin: registers the features below; no business logic lives here."""
from __future__ import annotations

import ckan.plugins as p
import ckan.plugins.toolkit as tk
import flask_login.signals
from ckan.lib.plugins import DefaultTranslation

from ckanext.datastore.interfaces import IDatastore

from . import client_address, dates, departments, page_language, params
from .access import actions as access_actions
from .access import auth as access_auth
from .access import helpers as access_helpers
from .access import hooks as access_hooks
from .access import links as access_links
from .access import signals as access_signals
from .access import validators as access_validators
from .access.views import access as access_blueprint
from .audit import actions as audit_actions
from .audit import auth as audit_auth
from .audit import hooks as audit_hooks  # noqa: F401  (importing registers the model listeners)
from .audit import signals as audit_signals
from .audit import validators as audit_validators
from .audit.views import audit as audit_blueprint
from .catalog import auth as catalog_auth
from .catalog import facets as catalog_facets
from .catalog import helpers as catalog_helpers
from .catalog.views import catalog as catalog_blueprint
from .dataviews import actions as dataview_actions
from .dataviews import auth as dataview_auth
from .dataviews.views import dataviews as dataviews_blueprint
from .degrade import handlers as degrade_handlers
from .degrade import helpers as degrade_helpers
from .edits import actions as edits_actions
from .edits import etags as edits_etags
from .edits import forms as edits_forms
from .edits import helpers as edits_helpers
from .edits.views import edits as edits_blueprint
from .feedback import actions as feedback_actions
from .feedback import auth as feedback_auth
from .feedback import helpers as feedback_helpers
from .feedback import validators as feedback_validators
from .feedback.views import feedback as feedback_blueprint
from .files import hooks as files_hooks
from .files import settings as files_settings
from .files import uploader as files_uploader
from .governance import actions as governance_actions
from .governance import api as governance_api
from .governance import auth as governance_auth
from .governance import helpers as governance_helpers
from .governance import hooks as governance_hooks
from .governance import validators as governance_validators
from .governance.views import governance as governance_blueprint
from .history import actions as history_actions
from .history import auth as history_auth
from .history import views as history_views
from .history import visibility as history_visibility
from .home import cache as home_cache
from .home import helpers as home_helpers
from .home import views as home_views
from .home.views import home as home_blueprint
from .interfaces import actions as interface_actions
from .interfaces import auth as interface_auth
from .interfaces import chinese_q, preview_q, q_total, xloader_fetch
from .interfaces import data_paths as interface_data_paths
from .interfaces import dumps as interface_dumps
from .interfaces import helpers as interface_helpers
from .interfaces import hooks as interface_hooks
from .interfaces.views import interfaces as interfaces_blueprint
from .ops import api as ops_api
from .ops import endpoints as ops_endpoints
from .ops import hooks as ops_hooks
from .people import actions as people_actions
from .roles import menu as roles_menu
from .roles import views as roles_views
from .schemas import validators
from .search import actions as search_actions
from .search import auth as search_auth
from .search import index as search_index
from .search import query as search_query
from .search import synonym_actions as search_synonyms
from .search.views import search as search_blueprint
from .security import csrf as security_csrf
from .security import headers as security_headers
from .security import login as security_login
from .security import passwords as security_passwords
from .security import sessions as security_sessions
from .security import settings as security_settings
from .suggest import actions as suggest_actions
from .suggest import auth as suggest_auth
from .suggest import helpers as suggest_helpers
from .suggest import hooks as suggest_hooks
from .suggest import querylog as suggest_querylog
from .suggest import validators as suggest_validators
from .suggest.views import suggest as suggest_blueprint
from .targets import actions as target_actions
from .targets import auth as target_auth
from .targets import cache as target_cache
from .targets import figures as target_figures
from .targets import helpers as target_helpers
from .targets import signals as target_signals
from .targets import validators as target_validators
from .targets.views import targets as targets_blueprint
from .usage import actions as usage_actions
from .usage import api as usage_api
from .usage import auth as usage_auth
from .usage import helpers as usage_helpers
from .usage import hooks as usage_hooks
from .usage import validators as usage_validators

# Core actions that change what the targets count without calling the dataset hooks below.
UNHOOKED_CHANGES = ("dataset_purge", "package_owner_org_update", "organization_purge",
                    "bulk_update_private", "bulk_update_public", "bulk_update_delete")

# Actions after whose success (committed, indexed) the home page's cached lists are retired.
HOME_CHANGES = ("package_create", "package_update", "package_patch", "package_revise", "package_delete",
                "package_resource_reorder", "resource_create", "resource_update", "resource_patch",
                "resource_delete", "organization_update", "organization_patch", "organization_delete",
                "shaoxing_quarantine_override", *UNHOOKED_CHANGES)


def _usage_totals_changed(sender, **kwargs) -> None:
    # In this order (blinker calls a signal's receivers in no set order): the lists sorted by
    # downloads are retired once the new totals are in the index.
    search_index.on_usage_totals_changed(sender, **kwargs)
    home_cache.retire()


def _exported(*modules) -> dict:
    """Public members (by __all__) of feature modules, for one blanket registration. A name two
    features export would silently keep only the last one: refused at start-up."""
    names = [name for m in modules for name in m.__all__]
    twice = sorted({name for name in names if names.count(name) > 1})
    if twice:
        raise RuntimeError(f"registered by two features: {', '.join(twice)}")
    return {name: getattr(m, name) for m in modules for name in m.__all__}


@tk.blanket.config_declarations
@tk.blanket.cli
@tk.blanket.actions(lambda: _exported(search_actions, search_synonyms, usage_actions, target_actions, interface_actions,
                                                access_actions, governance_actions, audit_actions,
                                                people_actions, edits_actions, history_actions,
                                                feedback_actions, dataview_actions, suggest_actions))
@tk.blanket.auth_functions(lambda: _exported(catalog_auth, search_auth, usage_auth, target_auth, interface_auth,
                                             access_auth, governance_auth, audit_auth, history_auth,
                                             feedback_auth, dataview_auth, suggest_auth))
@tk.blanket.helpers(lambda: _exported(catalog_helpers, usage_helpers, target_helpers, home_helpers,
                                      interface_helpers, access_helpers, governance_helpers,
                                      degrade_helpers, edits_helpers, dates, roles_menu,
                                      feedback_helpers, suggest_helpers))
@tk.blanket.validators(lambda: _exported(validators, params, target_validators, usage_validators,
                                         access_validators, governance_validators, audit_validators,
                                         security_passwords, feedback_validators, suggest_validators))
@tk.blanket.blueprints(lambda: [catalog_blueprint, targets_blueprint, home_blueprint, interfaces_blueprint,
                                access_blueprint, governance_blueprint, audit_blueprint, edits_blueprint,
                                roles_views.roles, feedback_blueprint, search_blueprint, dataviews_blueprint,
                                suggest_blueprint])
class ShaoxingPlugin(DefaultTranslation, p.SingletonPlugin):
    p.implements(p.IConfigurer)
    p.implements(p.IConfigurable)
    p.implements(p.ITranslation)
    p.implements(p.IFacets, inherit=True)
    p.implements(p.IPackageController, inherit=True)
    p.implements(p.IResourceController, inherit=True)
    p.implements(p.IMiddleware, inherit=True)
    p.implements(p.ISignal)
    p.implements(p.IDomainObjectModification, inherit=True)
    p.implements(IDatastore, inherit=True)
    p.implements(p.IAuthenticator, inherit=True)
    p.implements(p.IOrganizationController, inherit=True)
    p.implements(p.IUploader, inherit=True)

    # IConfigurer
    def update_config(self, config):
        tk.add_template_directory(config, "templates")
        tk.add_public_directory(config, "public")
        # The platform's name and emblem unless the site configures its own (CKAN's options).
        if config.get("ckan.site_logo") in (None, "", "/base/images/ckan-logo.png"):
            config["ckan.site_logo"] = "/shaoxing/logo.svg"
        if config.get("ckan.site_title") in (None, "", "CKAN"):
            config["ckan.site_title"] = "绍兴市公共数据开放平台"
        security_settings.apply(config)
        # Stored files: a folder storage for each kind unless the site configures one; the size limit.
        files_settings.apply(config)
        # After login each role lands on what it has (roles/views.py), unless the site says otherwise.
        if config.get("ckan.auth.route_after_login") in (None, "", "dashboard.datasets"):
            config["ckan.auth.route_after_login"] = roles_views.ENDPOINT
        # Only sysadmins make organizations and groups: a self-made one must not be a department.
        config.update(departments.AUTH)
        config.update(history_visibility.AUTH)

    # IConfigurable: xloader's own download path fetches through the outbound module; the edit
    # forms' templates go first (edits/forms.py), then the pages' language (page_language).
    def configure(self, config):
        xloader_fetch.install()
        page_language.templates_first(config)
        edits_forms.templates_first(config)

    # IFacets
    def dataset_facets(self, facets_dict, package_type):
        return catalog_facets.titles()

    # IPackageController
    def before_dataset_index(self, pkg_dict):
        return search_index.add_search_fields(pkg_dict)

    # IPackageController, IResourceController: the dataset's kept target figures are recomputed
    # in the change's own transaction, and cached results are stale. Hooks rather than action
    # signals: they also run on the import's path; the few core actions that skip them are
    # signals below (targets/signals.py).
    def _retire_target_figures(self, context, data):
        target_figures.refresh([data.get("package_id") or data.get("id")])
        target_cache.changed()

    # Conditional entries' outside link addresses are shown only to whoever may read the data
    # (the index never holds them: before_dataset_index above; access/links.py).
    def after_dataset_show(self, context, pkg_dict):
        if context.get("ignore_auth"):
            return access_links.reveal(pkg_dict)
        return access_links.show(pkg_dict, context.get("user") or None, access_hooks.request_key())

    # What citizens type: words cut, pinyin, synonyms; ranking boosts (search/query.py).
    def before_dataset_search(self, search_params):
        return search_query.search_params(search_params)

    def after_dataset_search(self, search_results, search_params):
        search_results = catalog_facets.label_items(search_results)
        user, key = access_hooks.current_user(), access_hooks.request_key()
        for pkg_dict in search_results.get("results", []):
            access_links.show(pkg_dict, user, key)
        suggest_hooks.searched(search_results, search_params)   # the catalogue page's query log
        return search_results

    after_dataset_create = after_dataset_update = _retire_target_figures

    # IPackageController, IOrganizationController: a department's English name on English pages.
    def before_dataset_view(self, pkg_dict):
        departments.name_in_page_language(pkg_dict.get("organization"))
        return pkg_dict

    def before_view(self, org_dict):
        return departments.name_in_page_language(org_dict)

    def after_dataset_delete(self, context, data_dict):
        target_figures.forget([data_dict.get("id")])
        target_cache.changed()
    # A resource deleted while it loads keeps no table (interfaces/jobs.py).
    def before_resource_delete(self, context, resource, resources):
        interface_hooks.resource_deleting(resource["id"])
        # after_resource_delete is told only the resources left, maybe none: which dataset.
        context["shaoxing_deleted_from"] = resource.get("package_id")

    def after_resource_delete(self, context, resources):
        interface_hooks.resource_deleted()
        self._retire_target_figures(context, {"package_id": context.get("shaoxing_deleted_from")})

    # IResourceController: a changed file is checked again (quality, privacy) by the worker.
    # The dataset's kept figures were recomputed by package_update's hook inside the change's
    # transaction: CKAN calls these two after its commit, where a write would be left open
    # (holding its rows locked until the request ends, then rolled back).
    def _resource_changed(self, context, resource):
        target_cache.changed()
        governance_hooks.resource_changed(context, resource)

    after_resource_create = after_resource_update = _resource_changed

    # ISignal
    def get_signal_subscriptions(self):
        # The catalogue importer announces what it changed, the quality check the datasets it
        # checked; the targets refresh what they keep of them.
        subscriptions = {
            tk.signals.ckanext.signal("shaoxing_catalog_changed"): [target_signals.datasets_changed],
            # ... and the home page's lists, which leave out entries failing it (committed by then).
            # ... and the search ranks faulty entries below clean ones (search/query.py).
            tk.signals.ckanext.signal(governance_api.CHECKED): [target_signals.datasets_changed, home_cache.retire,
                                                                search_index.on_checked, ops_hooks.quality_checked],
            tk.signals.action_succeeded: [{"receiver": target_signals.unhooked_change, "sender": name}
                                          for name in UNHOOKED_CHANGES]
            + [{"receiver": search_index.on_quarantine_override, "sender": "shaoxing_quarantine_override"}]
            + [{"receiver": home_cache.retire, "sender": name} for name in HOME_CHANGES],
            # A restored backup: every cached figure and list is stale.
            tk.signals.ckanext.signal(ops_api.RESTORED): [home_cache.retire, target_cache.retire],
            # The catalogue importer's entries are in the index: the home page's lists are stale.
            tk.signals.ckanext.signal("shaoxing_catalog_indexed"): [home_cache.retire],
            # The usage flusher moves the app keys' call counts too, and has the changed usage
            # totals indexed.
            tk.signals.ckanext.signal("shaoxing_usage_flushed"): [access_signals.flush_key_calls,
                                                                  suggest_querylog.flush],
            tk.signals.ckanext.signal(usage_api.TOTALS_CHANGED): [_usage_totals_changed],
            # Login failures count towards the lockout; a sign-in gets its idle-timeout key.
            tk.signals.failed_login: [security_login.failed, ops_hooks.login_failed],
            flask_login.signals.user_logged_in: [security_login.succeeded, security_sessions.started],
            flask_login.signals.user_loaded_from_cookie: [security_sessions.started],
            flask_login.signals.user_logged_out: [security_sessions.ended]}
        # The audit trail hears security events, logins and account, role and grant changes.
        for signal, receivers in audit_signals.subscriptions().items():
            subscriptions.setdefault(signal, []).extend(receivers)
        return subscriptions

    # IDatastore: Chinese terms of `q` match as substrings (PostgreSQL does not split Chinese words);
    # their total is exact up to a threshold, estimated above it.
    def datastore_search(self, context, data_dict, fields_types, query_dict):
        preview_q.restore(data_dict)
        query_dict = chinese_q.rewrite(data_dict, fields_types, query_dict)
        q_total.bound(context, data_dict, query_dict)
        return query_dict

    # IDomainObjectModification: a new upload under the same name reloads the table.
    def notify(self, entity, operation):
        interface_hooks.resource_changed(entity, operation)

    # IMiddleware
    def make_middleware(self, app, config):
        # An upload over the size limit stops before its body is read (its hook goes before CSRF's).
        files_hooks.register(app)
        # First: an idle session ends and a forged request stops before any feature acts.
        security_sessions.register(app)
        security_csrf.register(app)
        security_headers.register(app)
        home_views.register(app)            # before degrade's wrapper of the home page
        page_language.register(app)
        degrade_handlers.register(app)
        access_hooks.register(app)
        interface_data_paths.register(app)      # after the gate: only admitted requests are checked
        interface_dumps.register(app)
        preview_q.register(app)                 # after data_paths: reads the forms it checked
        usage_hooks.register(app)
        ops_hooks.register(app)                 # after usage: its time and log line cover the rest
        ops_endpoints.register(app)             # before client_address wraps it: sees the client
        client_address.register(app, config)
        # Edit forms show the conflict page for a save over a newer version; show answers
        # carry ETags for If-Match.
        edits_forms.register(app)
        edits_etags.register(app)
        # CKAN's page of a resource's earlier version reads its activity unchecked.
        history_views.register(app)
        return app

    # IUploader: resource files through the storage door (whole or not at all; 503 when it fails).
    def get_resource_uploader(self, data_dict):
        return files_uploader.resource_uploader(data_dict)

    def get_uploader(self, upload_to, old_filename=None):
        return None

    # IAuthenticator: the lockout and the login/logout views' input, before CKAN's views.
    def login(self):
        return security_login.before_login()

    def logout(self):
        return security_login.before_logout()

"""Parameters of the access actions, as CKAN schemas (applied by @validate)."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from .model import EDITABLE


@tk.validator_args
def company_register(shaoxing_access_text, shaoxing_uscc, shaoxing_access_phone, shaoxing_access_email):
    return {"name": [shaoxing_access_text], "uscc": [shaoxing_uscc], "contact_name": [shaoxing_access_text],
            "contact_phone": [shaoxing_access_phone], "contact_email": [shaoxing_access_email]}


@tk.validator_args
def company_update(ignore_missing, shaoxing_param_text, shaoxing_access_text, shaoxing_access_phone,
                   shaoxing_access_email, shaoxing_access_not_editable):
    """The contact fields, each checked by the registration's rule when sent (left out: kept)."""
    register = company_register()
    return {"id": [ignore_missing, shaoxing_param_text], "if_match": [ignore_missing, shaoxing_param_text],
            **{k: [ignore_missing, *register[k]] for k in EDITABLE},
            "name": [shaoxing_access_not_editable], "uscc": [shaoxing_access_not_editable]}


@tk.validator_args
def company_decide(not_missing, shaoxing_param_text, shaoxing_access_decision, shaoxing_access_reason_to_reject,
                   ignore_missing, unicode_safe):
    return {"id": [not_missing, shaoxing_param_text], "decision": [not_missing, shaoxing_access_decision],
            "reason": [ignore_missing, unicode_safe], "__after": [shaoxing_access_reason_to_reject]}


@tk.validator_args
def company_suspend(not_missing, shaoxing_param_text, shaoxing_access_text):
    return {"id": [not_missing, shaoxing_param_text], "reason": [shaoxing_access_text]}


@tk.validator_args
def by_id(not_missing, shaoxing_param_text):
    return {"id": [not_missing, shaoxing_param_text]}


@tk.validator_args
def optional_id(ignore_missing, shaoxing_param_text):
    return {"id": [ignore_missing, shaoxing_param_text]}


@tk.validator_args
def member_invite(not_missing, shaoxing_param_text):
    return {"username": [not_missing, shaoxing_param_text]}


@tk.validator_args
def invitation_answer(not_missing, shaoxing_param_text):
    return {"company_id": [not_missing, shaoxing_param_text]}


def no_params():
    return {}


@tk.validator_args
def request_create(not_missing, shaoxing_param_text, shaoxing_access_text, shaoxing_access_period,
                   shaoxing_access_true):
    return {"package_id": [not_missing, shaoxing_param_text], "purpose": [shaoxing_access_text],
            "scenario": [shaoxing_access_text], "app_name": [shaoxing_access_text],
            "security_measures": [shaoxing_access_text], "period_days": [shaoxing_access_period],
            "accept_commitment": [shaoxing_access_true]}


@tk.validator_args
def request_renew(not_missing, shaoxing_param_text, shaoxing_access_period, shaoxing_access_true, shaoxing_access_text):
    return {"grant_id": [not_missing, shaoxing_param_text], "period_days": [shaoxing_access_period],
            "purpose": [shaoxing_access_text], "accept_commitment": [shaoxing_access_true]}


@tk.validator_args
def request_decide(not_missing, shaoxing_param_text, shaoxing_access_decision, shaoxing_access_reason_to_reject,
                   ignore_missing, unicode_safe, shaoxing_param_count, ignore_empty):
    return {"id": [not_missing, shaoxing_param_text], "decision": [not_missing, shaoxing_access_decision],
            "reason": [ignore_missing, unicode_safe], "daily_quota": [ignore_empty, shaoxing_param_count],
            "__after": [shaoxing_access_reason_to_reject]}


@tk.validator_args
def request_list(ignore_missing, shaoxing_param_text, shaoxing_access_state):
    return {"state": [shaoxing_access_state], "package_id": [ignore_missing, shaoxing_param_text],
            "organization": [ignore_missing, shaoxing_param_text]}


@tk.validator_args
def grant_revoke(not_missing, shaoxing_param_text, shaoxing_access_text):
    return {"id": [not_missing, shaoxing_param_text], "reason": [shaoxing_access_text]}


@tk.validator_args
def key_create(shaoxing_access_text, ignore_missing, shaoxing_param_count):
    return {"label": [shaoxing_access_text], "days": [ignore_missing, shaoxing_param_count]}


@tk.validator_args
def api_usage(ignore_missing, shaoxing_param_text, shaoxing_param_date):
    return {"company_id": [ignore_missing, shaoxing_param_text], "date_from": [shaoxing_param_date],
            "date_to": [shaoxing_param_date]}

"""Parameters of the feedback actions, as CKAN schemas (validated by @validate)."""
from __future__ import annotations

import ckan.plugins.toolkit as tk


@tk.validator_args
def create(ignore_missing, shaoxing_param_text, shaoxing_feedback_title, shaoxing_feedback_long,
           shaoxing_feedback_short, shaoxing_feedback_kind, shaoxing_feedback_contact, shaoxing_feedback_required,
           default):
    ids = [ignore_missing, shaoxing_param_text]
    return {"kind": [default("request"), shaoxing_feedback_kind],
            "title": [shaoxing_feedback_title, shaoxing_feedback_required],
            "description": [shaoxing_feedback_long, shaoxing_feedback_required],
            "domain": ids, "organization_id": ids, "package_id": ids, "resource_id": ids,
            "intended_use": [shaoxing_feedback_short], "field": [shaoxing_feedback_short],
            "should_be": [shaoxing_feedback_long], "contact": [shaoxing_feedback_contact],
            "attachment": [ignore_missing]}


@tk.validator_args
def show(not_empty, shaoxing_param_text):
    return {"id": [not_empty, shaoxing_param_text]}


@tk.validator_args
def listing(ignore_missing, shaoxing_param_text, shaoxing_param_count, shaoxing_feedback_days, shaoxing_feedback_limit,
            shaoxing_feedback_offset, default):
    text = [ignore_missing, shaoxing_param_text]
    return {"kind": text, "state": text, "organization_id": text, "domain": text,
            "scope": [default("public"), shaoxing_param_text],
            "min_age": [ignore_missing, shaoxing_param_count, shaoxing_feedback_days],
            "max_age": [ignore_missing, shaoxing_param_count, shaoxing_feedback_days],
            "sort": [default("votes"), shaoxing_param_text],
            "limit": [default(20), shaoxing_param_count, shaoxing_feedback_limit],
            "offset": [default(0), shaoxing_param_count, shaoxing_feedback_offset]}


@tk.validator_args
def route(not_empty, shaoxing_param_text, shaoxing_feedback_long, ignore_missing):
    return {"id": [not_empty, shaoxing_param_text], "organization_id": [not_empty, shaoxing_param_text],
            "reply": [shaoxing_feedback_long]}


@tk.validator_args
def answer(not_empty, ignore_missing, shaoxing_param_text, shaoxing_param_date, shaoxing_feedback_long):
    ids = [ignore_missing, shaoxing_param_text]
    return {"id": [not_empty, shaoxing_param_text], "state": [not_empty, shaoxing_param_text],
            "reply": [shaoxing_feedback_long], "planned": [shaoxing_param_date],
            "duplicate_of": ids, "package_id": ids}


@tk.validator_args
def upvote(not_empty, shaoxing_param_text):
    return {"id": [not_empty, shaoxing_param_text]}


@tk.validator_args
def holiday_list(ignore_missing, shaoxing_param_count, shaoxing_feedback_year):
    return {"year": [ignore_missing, shaoxing_param_count, shaoxing_feedback_year]}


@tk.validator_args
def holiday_update(not_empty, shaoxing_param_date, shaoxing_feedback_day_kind, shaoxing_feedback_short,
                   shaoxing_feedback_required, ignore_missing):
    return {"day": [not_empty, shaoxing_param_date], "kind": [not_empty, shaoxing_feedback_day_kind],
            "name": [shaoxing_feedback_short, shaoxing_feedback_required], "source": [shaoxing_feedback_short]}


@tk.validator_args
def holiday_delete(not_empty, shaoxing_param_date):
    return {"day": [not_empty, shaoxing_param_date]}


@tk.validator_args
def figures(ignore_missing, shaoxing_param_date):
    return {"date_from": [ignore_missing, shaoxing_param_date], "date_to": [ignore_missing, shaoxing_param_date]}

"""Strings of CKAN's activity pages (the history) that CKAN 2.12's zh_Hans_CN catalogue leaves
untranslated: listed here so that the extraction keeps them in this plugin's catalogues, which
CKAN merges over its own. Never called: `_` marks them for pybabel."""
from __future__ import annotations


def _(message: str) -> str:
    return message


MESSAGES = (
    _('Activities'),
    _('Activity from:'),
    _('Activity not found'),
    _('Activity occurred on: {time}'),
    _('Added resource {resource_link} to {pkg_link}'),
    _('Added tag {tag_link} to {pkg_link}'),
    _('Added the following tags to {pkg_link}'),
    _('Added field <q>{key}</q> with value <q>{value}</q> to {pkg_link}'),
    _('Added field <q>{key}</q> to {pkg_link}'),
    _('Added the following fields to {pkg_link}'),
    _('Added {pkg_link} to organization {new_org_link}'),
    _('All activity types'),
    _('Changed title to {title_link} (previously {old_title})'),
    _('Changed value of field <q>{key}</q> to <q>{new_val}</q> (previously <q>{old_val}</q>) in {pkg_link}'),
    _('Changed value of field <q>{key}</q> to <q>{new_val}</q> in {pkg_link}'),
    _('Changed value of field <q>{key}</q> of resource {resource_link} to <q>{new_val}</q> (previously <q>{old_val}</q>) in {pkg_link}'),  # noqa: E501
    _('Changed value of field <q>{key}</q> to <q>{new_val}</q> in resource {resource_link} in {pkg_link}'),
    _('Deleted resource {resource_link} from {pkg_link}'),
    _('Hide metadata diff'),
    _('Moved {pkg_link} from organization {old_org_link} to organization {new_org_link}'),
    _('Newer activities'),
    _('No activity found'),
    _('No activity found for this type'),
    _('No fields were updated. See the metadata diff for more details.'),
    _('Older activities'),
    _('Removed description from {pkg_link}'),
    _('Removed description from resource {resource_link} in {pkg_link}'),
    _('Removed field <q>{key}</q> from {pkg_link}'),
    _('Removed the following fields from {pkg_link}'),
    _('Removed tag {tag_link} from {pkg_link}'),
    _('Removed the following tags from {pkg_link}'),
    _('Removed {pkg_link} from organization {old_org_link}'),
    _('Renamed resource {old_resource_link} to {new_resource_link} in {pkg_link}'),
    _('Set visibility of {pkg_link} to {visibility}'),
    _('Show metadata diff'),
    _('The detail of this dataset activity is not available'),
    _('Unauthorized to view activity data'),
    _('Updated description of {pkg_link} from <br class="line-height2"><blockquote>{old_notes}</blockquote> to <br class="line-height2"><blockquote>{new_notes}</blockquote>'),  # noqa: E501
    _('Updated description of {pkg_link} to <br class="line-height2"><blockquote>{new_notes}</blockquote>'),
    _('Uploaded a new file to resource {resource_link} in {pkg_link}'),
    _('View this version'),
    _('{actor} created the {dataset_type} {dataset}'),
    _('{actor} updated the {dataset_type} {dataset}'),
    _('{actor} deleted the {dataset_type} {dataset}'),
    _('{actor} created resource view {view_link}'),
    _('{actor} updated resource view {view_link}'),
    _('{actor} deleted resource view "{view_title}" for resource {resource_link}'),
)

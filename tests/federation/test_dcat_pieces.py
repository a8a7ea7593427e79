"""federation/actions.py calls two private functions of ckanext-dcat's logic (pinned exactly in
requirements.txt): each is there, with the parameters it is called with."""
import inspect

from ckanext.dcat import logic


def test_the_private_pieces_of_ckanext_dcat_are_there():
    assert list(inspect.signature(logic._search_ckan_datasets).parameters) == ["context", "data_dict"]
    assert list(inspect.signature(logic._pagination_info).parameters) == ["query", "data_dict"]

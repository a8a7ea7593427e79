"""The published catalogue passes the DCAT-AP 3.0.0 SHACL shapes (pySHACL).

The shapes are SEMIC's release file `releases/3.0.0/shacl/dcat-ap-SHACL.ttl` of SEMICeu/DCAT-AP
(EUPL-1.2 / CC-BY-4.0 specification material), kept unchanged in tests/federation/shapes/ with
its source named; $SHAOXING_DCAT_AP_SHACL points at another file (a newer release) instead."""
from __future__ import annotations

import os
import pathlib

import pytest
from ckan.tests import helpers
from rdflib import Graph
from rdflib.namespace import DCAT, RDF

from tests.catalog.test_roundtrip import seeded  # noqa: F401  (the seed catalogue, loaded once a session)
from tests.conftest import PLUGINS, ROOT

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS), pytest.mark.usefixtures("with_plugins")]

SHAPES = pathlib.Path(os.environ.get("SHAOXING_DCAT_AP_SHACL")
                      or ROOT / "tests" / "federation" / "shapes" / "dcat-ap-3.0.0-SHACL.ttl")


def shapes() -> Graph:
    return Graph().parse(SHAPES, format="turtle")


def violations(data: Graph) -> list[str]:
    from pyshacl import validate
    # RDFS inference: every IRI is an rdfs:Resource (the shapes' range of the address properties).
    conforms, report, _ = validate(data, shacl_graph=shapes(), inference="rdfs", allow_warnings=True)
    if conforms:
        return []
    q = """PREFIX sh: <http://www.w3.org/ns/shacl#>
           SELECT ?focus ?path ?message WHERE { ?r a sh:ValidationResult ; sh:resultSeverity sh:Violation ;
             sh:focusNode ?focus ; sh:resultMessage ?message . OPTIONAL { ?r sh:resultPath ?path } }"""
    return sorted({f"{row.focus} {row.path} {row.message}" for row in report.query(q)})


def catalogue_graph(app, **params) -> Graph:
    response = app.get("/catalog.ttl", query_string=params)
    assert response.status_code == 200
    return Graph().parse(data=response.text, format="turtle")


def test_the_small_catalogue_conforms(app, catalogue):
    found = violations(catalogue_graph(app))
    assert not found, "\n".join(found)


@pytest.mark.ckan_config("ckanext.dcat.datasets_per_page", "40")
@pytest.mark.usefixtures("seeded")
def test_the_seeded_catalogue_conforms_and_shows_no_outside_address_of_a_gated_entry(app):
    import ckan.model as model
    g = catalogue_graph(app, page=1)
    assert len(set(g.subjects(RDF.type, DCAT.Dataset))) == 40
    found = violations(g)
    assert not found, "\n".join(found)
    text = g.serialize(format="turtle")
    site = helpers.config["ckan.site_url"].rstrip("/")
    rows = model.Session.query(model.Resource).join(model.Package).filter(
        model.Resource.state == "active", model.Resource.url_type.is_(None), model.Package.private.is_(False)).all()
    outside = [r.url for r in rows if r.url.startswith("http") and not r.url.startswith(site + "/")
               and r.package.extras.get("open_level") != "unconditional"]
    shared = [r.url for r in rows if r.extras.get("interface_type") == "shared_api"]
    assert shared        # (the seed links no outside file of a gated entry: tests/federation/test_publish.py does)
    assert not [u for u in outside + shared if f"<{u}>" in text] and "/api/share/" not in text

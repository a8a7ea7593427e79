"""The catalogue published in DCAT-AP 3 (ckanext-dcat with this portal's profile): every
serialization, the paginated catalogue and each entry, the same for every caller, with nothing a
caller of the public catalogue may not see."""
from __future__ import annotations

import json
import re

import pytest
from ckan.tests import helpers
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, SKOS, Namespace

from tests.conftest import PLUGINS
from tests.federation.conftest import OPEN_FILE, ROLES, SECRET, SHARED_HOST
from tests.interfaces.conftest import token

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS), pytest.mark.usefixtures("with_plugins")]

FORMATS = {"ttl": ("text/turtle", "turtle"), "jsonld": ("application/ld+json", "json-ld"),
           "xml": ("application/rdf+xml", "xml"), "rdf": ("application/rdf+xml", "xml"), "n3": ("text/n3", "n3")}
EU = "http://publications.europa.eu/resource/authority/"
CSVW = "http://www.w3.org/ns/csvw#"
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")


def site() -> str:
    return helpers.config["ckan.site_url"].rstrip("/")


def rdf(app, path: str, fmt: str, user: str = "", status: int = 200, **params) -> tuple[str, Graph]:
    response = app.get(path, headers=token(user), query_string=params)
    assert response.status_code == status, response.text[:500]
    if status != 200:
        return response.text, Graph()
    assert response.headers["Content-Type"].startswith(FORMATS[fmt][0])
    return response.text, Graph().parse(data=response.text, format=FORMATS[fmt][1])


def dataset(cat, entry: dict) -> URIRef:
    return URIRef(f"{site()}/dataset/{entry['id']}")


def no_leak(text: str, cat) -> None:
    """Nothing of what only some may see: the outside address of the conditional entry, shared
    interfaces, private and draft entries."""
    for hidden in (SECRET, SHARED_HOST, "/api/share/", cat.private["id"], cat.draft["id"], "private.csv",
                   cat.private["title"], cat.draft["title"]):
        assert hidden not in text, hidden


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_the_catalogue_is_the_public_one_for_everyone(app, catalogue, role, fmt):
    text, g = rdf(app, f"/catalog.{fmt}", fmt, catalogue.users[role])
    no_leak(text, catalogue)
    datasets = set(g.subjects(RDF.type, DCAT.Dataset))
    assert datasets == {dataset(catalogue, catalogue.open), dataset(catalogue, catalogue.conditional)}
    cond = dataset(catalogue, catalogue.conditional)
    assert (cond, DCTERMS.accessRights, URIRef(EU + "access-right/RESTRICTED")) in g
    # the conditional entry's file: the portal's gated download address only
    res = next(r for r in catalogue.conditional["resources"] if r["url"] == SECRET)
    gated = URIRef(f"{site()}/dataset/{catalogue.conditional['id']}/resource/{res['id']}/download")
    assert (None, DCAT.downloadURL, gated) in g
    assert (None, DCAT.accessURL, gated) in g


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_an_entry_as_rdf_is_the_public_one_for_everyone(app, catalogue, role, fmt):
    user = catalogue.users[role]
    text, g = rdf(app, f"/dataset/{catalogue.conditional['name']}.{fmt}", fmt, user)
    no_leak(text, catalogue)
    assert (dataset(catalogue, catalogue.conditional), DCTERMS.identifier, Literal("SX-JT-2024-0002")) in g
    # unpublished entries are not found, whoever asks (their own department and sysadmins included)
    for hidden in (catalogue.private, catalogue.draft):
        rdf(app, f"/dataset/{hidden['name']}.{fmt}", fmt, user, status=404)
        rdf(app, f"/dataset/{hidden['id']}.{fmt}", fmt, user, status=404)


@pytest.mark.ckan_config("ckanext.dcat.datasets_per_page", "1")
@pytest.mark.parametrize("role", ROLES)
def test_the_paginated_catalogue_leaks_nothing_and_pages_through(app, catalogue, role):
    user, seen = catalogue.users[role], set()
    for page in (1, 2):
        text, g = rdf(app, "/catalog.ttl", "ttl", user, page=page)
        no_leak(text, catalogue)
        seen |= set(g.subjects(RDF.type, DCAT.Dataset))
        hydra = URIRef("http://www.w3.org/ns/hydra/core#totalItems")
        assert int(next(g.objects(None, hydra))) == 2
    assert seen == {dataset(catalogue, catalogue.open), dataset(catalogue, catalogue.conditional)}
    _, g = rdf(app, "/catalog.ttl", "ttl", user, page=1)
    nxt = URIRef("http://www.w3.org/ns/hydra/core#nextPage")
    assert str(next(g.objects(None, nxt))).endswith("/catalog.ttl?page=2")


def test_catalogue_filters_q_fq_and_modified_since(app, catalogue):
    def titles(**params):
        _, g = rdf(app, "/catalog.ttl", "ttl", **params)
        return {str(t) for d in g.subjects(RDF.type, DCAT.Dataset) for t in g.objects(d, DCTERMS.title)}
    both = {"公交站点信息", "出租车许可信息"}
    assert titles() == both
    assert titles(q="name:bus-stops") == {"公交站点信息"}
    assert titles(fq="open_level:conditional") == {"出租车许可信息"}
    assert titles(fq="open_level:not_open") == set()
    assert titles(modified_since="2000-01-01") == both
    assert titles(modified_since="2999-01-01") == set()
    assert app.get("/catalog.ttl", query_string={"modified_since": "not a date"}).status_code == 409
    assert app.get("/catalog.ttl", query_string={"page": "0"}).status_code == 409


def test_every_catalogue_field_is_mapped(app, catalogue):
    _, g = rdf(app, f"/dataset/{catalogue.open['name']}.ttl", "ttl")
    d = dataset(catalogue, catalogue.open)
    assert (d, DCTERMS.identifier, Literal("SX-JT-2024-0001")) in g
    assert (d, DCTERMS.title, Literal("公交站点信息")) in g
    assert (d, DCTERMS.accessRights, URIRef(EU + "access-right/PUBLIC")) in g
    assert (d, DCTERMS.accrualPeriodicity, URIRef(EU + "frequency/MONTHLY")) in g
    assert (d, DCTERMS.language, URIRef(EU + "language/ZHO")) in g
    assert {str(k) for k in g.objects(d, DCAT.keyword)} == {"公交", "站点"}
    assert str(g.value(d, DCTERMS.issued)) == "2024-01-15" and str(g.value(d, DCTERMS.modified)) == "2024-06-01"
    temporal = g.value(d, DCTERMS.temporal)
    assert {str(v) for v in g.objects(temporal, None) if isinstance(v, Literal)} >= {"2020-01-01", "2024-12-31"}
    # 数据领域: the portal's concept (with its label and scheme) and the EU theme close to it
    theme = URIRef(f"{site()}/vocab/domain/transport")
    assert {theme, URIRef(EU + "data-theme/TRAN")} <= set(g.objects(d, DCAT.theme))
    assert (theme, SKOS.prefLabel, Literal("交通出行", lang="zh")) in g
    assert (theme, SKOS.inScheme, URIRef(f"{site()}/vocab/domain")) in g
    # 行政区划: the GB/T 2260 code's concept
    spatial = g.value(d, DCTERMS.spatial)
    assert spatial == URIRef(f"{site()}/vocab/region/330600") and (spatial, SKOS.notation, Literal("330600")) in g
    # 数源单位 with its unified social credit code
    publisher = g.value(d, DCTERMS.publisher)
    assert (publisher, RDF.type, FOAF.Agent) in g
    assert (publisher, FOAF.name, Literal("市交通运输局", lang="zh")) in g
    assert (publisher, DCTERMS.identifier, Literal(catalogue.org["credit_code"])) in g
    contact = g.value(d, DCAT.contactPoint)
    assert (contact, VCARD.hasEmail, URIRef("mailto:jt@sx.gov.cn")) in g
    assert (contact, VCARD.hasTelephone, URIRef("tel:0575-88001234;phone-context=+86")) in g
    # resources: the file, and the open API as a data service; never the shared interface
    dists = list(g.objects(d, DCAT.distribution))
    assert len(dists) == 2
    file_dist = next(x for x in dists if (x, DCAT.downloadURL, URIRef(OPEN_FILE)) in g)
    assert (file_dist, DCTERMS["format"], URIRef(EU + "file-type/CSV")) in g
    assert (file_dist, DCTERMS.license, URIRef("http://www.opendefinition.org/licenses/cc-by")) in g
    api = next(x for x in dists if x != file_dist)
    service = g.value(api, DCAT.accessService)
    assert (service, RDF.type, DCAT.DataService) in g
    assert g.value(service, DCAT.endpointURL) == URIRef(f"{site()}/api/open/SX-JT-2024-0001/1")
    assert g.value(service, DCAT.endpointDescription) == URIRef(f"{site()}/interfaces/open/SX-JT-2024-0001/1")
    assert (service, DCAT.servesDataset, d) in g
    # 数据项 as a CSVW table schema the tables conform to
    schema = g.value(file_dist, DCTERMS.conformsTo)
    assert (schema, RDF.type, URIRef(CSVW + "Schema")) in g and (schema, RDF.type, DCTERMS.Standard) in g
    columns = list(g.items(g.value(schema, URIRef(CSVW + "column"))))
    assert [str(g.value(c, URIRef(CSVW + "name"))) for c in columns] == ["name", "seats", "price", "opened", "updated"]
    assert g.value(columns[0], URIRef(CSVW + "title")) == Literal("名称", lang="zh")


def test_content_negotiation_sends_rdf_clients_to_the_rdf_document(app, catalogue):
    page = f"/dataset/{catalogue.open['name']}"
    response = app.get(page, headers={"Accept": "text/turtle"}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["Location"].endswith(f"{page}.ttl")
    response = app.get("/", headers={"Accept": "application/ld+json"}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["Location"].endswith("/catalog.jsonld")
    # browsers get the page
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    assert app.get(page, headers={"Accept": browser}).status_code == 200
    assert app.get(f"/dataset/{catalogue.private['name']}", headers={"Accept": "text/turtle"},
                   follow_redirects=True).status_code == 404


def test_the_domain_vocabulary_resolves(app, catalogue):
    _, g = rdf(app, "/vocab/domain", "ttl")
    scheme = URIRef(f"{site()}/vocab/domain")
    assert (scheme, RDF.type, SKOS.ConceptScheme) in g
    assert len(set(g.objects(scheme, SKOS.hasTopConcept))) == 16
    concept = URIRef(f"{site()}/vocab/domain/transport")
    response = app.get("/vocab/domain/transport", headers={"Accept": "text/turtle"})
    g = Graph().parse(data=response.text, format="turtle")
    assert (concept, SKOS.closeMatch, URIRef(EU + "data-theme/TRAN")) in g
    browser = app.get("/vocab/domain/transport", headers={"Accept": "text/html"}, follow_redirects=False)
    assert browser.status_code == 303 and "domain=transport" in browser.headers["Location"]
    _, g = rdf(app, "/vocab/region/330602", "ttl", format="ttl")
    assert (URIRef(f"{site()}/vocab/region/330602"), SKOS.prefLabel, Literal("越城区", lang="zh")) in g
    assert app.get("/vocab/domain/nonsense").status_code == 404
    assert app.get("/vocab/nonsense").status_code == 404


def _json_ld(html: str) -> list[dict]:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(b) for b in blocks]


@pytest.mark.parametrize("role", ROLES)
def test_entry_pages_carry_schema_org_dataset_markup(app, catalogue, role):
    for entry, code in ((catalogue.open, "SX-JT-2024-0001"), (catalogue.conditional, "SX-JT-2024-0002")):
        html = app.get(f"/dataset/{entry['name']}", headers=token(catalogue.users[role])).text
        [markup] = _json_ld(html)
        no_leak(json.dumps(markup, ensure_ascii=False), catalogue)
        g = Graph().parse(data=json.dumps(markup), format="json-ld")
        schema = "http://schema.org/"
        [ds] = list(g.subjects(RDF.type, URIRef(schema + "Dataset")))
        assert g.value(ds, URIRef(schema + "name")) == Literal(entry["title"])
        assert str(g.value(ds, URIRef(schema + "description"))) == entry["notes"]
        assert g.value(ds, URIRef(schema + "identifier")) == Literal(code)
        publisher = g.value(ds, URIRef(schema + "publisher"))
        assert str(g.value(publisher, URIRef(schema + "name"))) == "市交通运输局"
        assert g.value(publisher, URIRef(schema + "identifier")) == Literal(catalogue.org["credit_code"])


def test_the_search_document_is_what_it_was_without_dcat(catalogue):
    """ckanext-dcat's index hook flattens 数据项 into extra full-text fields (Solr copies them into
    the searched text); the federation plugin, after it, puts the document back."""
    import ckan.plugins as plugins
    from ckan.lib.search.common import make_connection
    names = [p.name for p in plugins.PluginImplementations(plugins.IPackageController)]
    assert names.index("shaoxing_federation") > names.index("dcat")
    raw = json.dumps(catalogue.open["data_items"])
    doc = {"type": "dataset", "data_items": raw, "extras_data_items": raw}
    flattened = plugins.get_plugin("dcat").before_dataset_index(dict(doc))
    assert "extras_data_items__field_label" in flattened and "data_items" not in flattened
    assert plugins.get_plugin("shaoxing_federation").before_dataset_index(flattened) == doc
    # and so in the index itself
    entry_id = catalogue.open["id"]
    [indexed] = make_connection().search(f'id:"{entry_id}"', fl="*")
    assert "extras_data_items" in indexed
    assert not [k for k in indexed if k.startswith("extras_data_items__")]


@pytest.mark.parametrize("path, params", [("/catalog.ttl", {"q": "{!lucene}x"}), ("/catalog.ttl", {"fq": "("}),
                                          ("/catalog.ttl", {"page": "99999999999"}),
                                          ("/api/3/action/dcat_catalog_search", [("page", "1"), ("page", "x")])])
def test_odd_catalogue_parameters_are_the_callers_error(app, catalogue, path, params):
    """A search Solr cannot parse, a page past Solr's offsets or a page given twice: an error
    naming the parameter (409 as CKAN's API and ckanext-dcat's pages answer it), never a 500."""
    response = app.get(path, query_string=params)
    assert response.status_code in (400, 409), (response.status_code, response.text[:300])

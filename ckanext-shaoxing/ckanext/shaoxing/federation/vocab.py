"""The controlled lists the published catalogue points at, as URIs.

- 数据领域 (domain): a SKOS concept scheme the portal itself publishes at /vocab/domain, one
  concept per domain at /vocab/domain/<code>, each close to one theme of the EU data-theme
  vocabulary (what DCAT-AP harvesters such as data.europa.eu facet on);
- 行政区划 (region_code): GB/T 2260 codes, likewise at /vocab/region/<code> (no public body mints
  URIs for them); each is also a dct:Location;
- 开放属性, 更新频率, formats and language: the EU Publications Office authority tables.
Labels come from the catalogue schema (schemas/api.py), never repeated here."""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS

from ..schemas import api as schemas

EU = "http://publications.europa.eu/resource/authority/"
DCAT = Namespace("http://www.w3.org/ns/dcat#")

ACCESS_RIGHTS = {"unconditional": "PUBLIC", "conditional": "RESTRICTED", "not_open": "NON_PUBLIC"}
FREQUENCY = {"realtime": "UPDATE_CONT", "daily": "DAILY", "weekly": "WEEKLY", "monthly": "MONTHLY",
             "quarterly": "QUARTERLY", "semiannual": "ANNUAL_2", "annual": "ANNUAL", "irregular": "IRREG",
             "static": "NEVER"}
# Each domain's nearest EU data theme (skos:closeMatch: the EU list is coarser).
EU_THEME = {"urban_management": "REGI", "transport": "TRAN", "health": "HEAL", "culture_tourism": "EDUC",
            "education": "EDUC", "environment": "ENVI", "social_security": "SOCI", "employment": "SOCI",
            "economy": "ECON", "credit": "ECON", "public_safety": "JUST", "agriculture": "AGRI",
            "housing": "REGI", "resources_energy": "ENER", "institutions": "GOVE", "civil_affairs": "SOCI"}
# The English names of the EU terms used (the authority tables' own labels).
EU_LABELS = {"REGI": "Regions and cities", "TRAN": "Transport", "HEAL": "Health", "EDUC": "Education, culture and sport",
             "ENVI": "Environment", "SOCI": "Population and society", "ECON": "Economy and finance",
             "JUST": "Justice, legal system and public safety", "AGRI": "Agriculture, fisheries, forestry and food",
             "ENER": "Energy", "GOVE": "Government and public sector", "LocalAuthority": "Local Authority"}
FILE_TYPE = {"CSV": "CSV", "XLSX": "XLSX", "XLS": "XLS", "JSON": "JSON", "XML": "XML", "RDF": "RDF_XML",
             "PDF": "PDF", "ZIP": "ZIP", "TXT": "TXT", "SHP": "SHP", "GEOJSON": "GEOJSON"}
CHINESE = URIRef(EU + "language/ZHO")
SCHEMES = {"domain": ("数据领域", "Domains of the Shaoxing public data catalogue"),
           "region": ("行政区划（GB/T 2260）", "Districts of Shaoxing (GB/T 2260 codes)")}
FIELDS = {"domain": "domain", "region": "region_code"}


def site() -> str:
    return tk.config.get("ckanext.dcat.base_uri") or tk.config.get("ckan.site_url").rstrip("/")


def scheme_uri(kind: str) -> URIRef:
    return URIRef(f"{site()}/vocab/{kind}")


def concept_uri(kind: str, code: str) -> URIRef | None:
    return URIRef(f"{site()}/vocab/{kind}/{code}") if code in labels(kind) else None


def eu(table: str, code: str | None) -> URIRef | None:
    return URIRef(f"{EU}{table}/{code}") if code else None


def typed(g: Graph, uri: URIRef, cls: URIRef) -> URIRef:
    """`uri`, stated to be of class `cls` in `g`: an authority table's term or a page carries its
    class with it, so a reader (and the DCAT-AP shapes) need not fetch the table."""
    g.add((uri, RDF.type, cls))
    return uri


def concept(g: Graph, uri: URIRef) -> URIRef:
    """An EU (or ADMS) term as the skos:Concept it is, with its English label."""
    typed(g, uri, SKOS.Concept)
    g.add((uri, SKOS.prefLabel, Literal(EU_LABELS[str(uri).rsplit("/", 1)[-1]], lang="en")))
    return uri


def labels(kind: str) -> dict[str, dict]:
    """code → {"zh_Hans_CN": ..., "en": ...} of a vocabulary, from the schema's choices."""
    return {c["value"]: c["label"] for c in schemas.choices(FIELDS[kind])}


def add_concept(g: Graph, kind: str, code: str) -> URIRef | None:
    """The concept's own triples (label, notation, scheme), so a reader needs no second fetch."""
    uri = concept_uri(kind, code)
    if uri is None:
        return None
    label = labels(kind)[code]
    g.add((uri, RDF.type, SKOS.Concept))
    g.add((uri, SKOS.inScheme, scheme_uri(kind)))
    g.add((uri, SKOS.notation, Literal(code)))
    g.add((uri, SKOS.prefLabel, Literal(label["zh_Hans_CN"], lang="zh")))
    g.add((uri, SKOS.prefLabel, Literal(label["en"], lang="en")))
    if kind == "domain":
        g.add((uri, SKOS.closeMatch, concept(g, eu("data-theme", EU_THEME[code]))))
    else:
        g.add((uri, RDF.type, DCTERMS.Location))
    return uri


def add_scheme(g: Graph, kind: str) -> URIRef:
    ref = scheme_uri(kind)
    g.add((ref, RDF.type, SKOS.ConceptScheme))
    zh, en = SCHEMES[kind]
    g.add((ref, DCTERMS.title, Literal(zh, lang="zh")))
    g.add((ref, DCTERMS.title, Literal(en, lang="en")))
    return ref


def scheme(kind: str, code: str | None = None) -> Graph:
    """The whole concept scheme, or one concept of it with the scheme's title."""
    g = Graph()
    g.bind("skos", SKOS)
    g.bind("dct", DCTERMS)
    ref = add_scheme(g, kind)
    for each in [code] if code else labels(kind):
        concept = add_concept(g, kind, each)
        if concept is not None:
            g.add((ref, SKOS.hasTopConcept, concept))
    return g


def publisher_name() -> str:
    """The department that publishes the catalogue as a whole (the data bureau by default)."""
    return tk.config.get("ckanext.shaoxing.federation.catalog_publisher")

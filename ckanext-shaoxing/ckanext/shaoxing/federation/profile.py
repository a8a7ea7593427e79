"""This portal's ckanext-dcat profiles, applied after DCAT-AP 3 (`euro_dcat_ap_3 shaoxing`) and
after schema.org (`schemaorg shaoxing_schemaorg`): the catalogue fields of the scheming schema
(schemas/dataset.yaml) mapped to their DCAT-AP 3 and schema.org properties. The dataset dict
given is already the public view (public.py)."""
from __future__ import annotations

import weakref

import ckan.model as model
from rdflib import BNode, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, XSD, Namespace

from ckanext.dcat.profiles import RDFProfile
from ckanext.dcat.utils import dataset_uri, resource_uri

from ..interfaces import api as interfaces_api
from . import vocab

DCT = Namespace("http://purl.org/dc/terms/")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
CSVW = Namespace("http://www.w3.org/ns/csvw#")
SCHEMA = Namespace("http://schema.org/")
IANA = "https://www.iana.org/assignments/media-types/"
ADMS_PUBLISHER = "http://purl.org/adms/publishertype/"
XSD_TYPES = {"string": XSD.string, "integer": XSD.integer, "decimal": XSD.decimal, "date": XSD.date,
             "datetime": XSD.dateTime, "boolean": XSD.boolean, "longitude": XSD.decimal, "latitude": XSD.decimal}
TABULAR = {"CSV", "XLSX", "XLS", "JSON"}
OPEN_API = "open_api"
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
# The catalogue's description where the site configures none (ckan.site_description).
DESCRIPTION = "绍兴市公共数据开放目录"


# Departments read for one serialization (its graph): a catalogue page names a few departments
# for a hundred entries. Gone with the graph; nothing outlives the request.
_departments: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _department(g, pkg_dict: dict) -> dict:
    """The owning department's title, English name and unified social credit code (organization
    fields of the scheming schema, kept as group extras)."""
    org_id = pkg_dict.get("owner_org")
    known = _departments.setdefault(g, {})
    if org_id not in known:
        org = model.Group.get(org_id) if org_id else None
        known[org_id] = {} if org is None else {
            "title": org.title, "title_en": org.extras.get("title_en"), "credit_code": org.extras.get("credit_code"),
            "uri": f"{vocab.site()}/organization/{org.id}"}
    return known[org_id]


class ShaoxingProfile(RDFProfile):
    """DCAT-AP 3 for the catalogue fields: identifier, publisher, theme, access rights,
    frequency, spatial, language, contact point, licence, distributions and services, table schema."""

    def graph_from_dataset(self, dataset_dict, dataset_ref):
        g = self.g
        for prefix, ns in (("csvw", CSVW), ("skos", SKOS)):
            g.bind(prefix, ns)
        # 信息资源代码, not CKAN's id, identifies the entry (unique in the portal).
        g.remove((dataset_ref, DCT.identifier, None))
        if dataset_dict.get("catalog_code"):
            g.add((dataset_ref, DCT.identifier, Literal(dataset_dict["catalog_code"])))
        landing = vocab.typed(g, URIRef(f"{vocab.site()}/dataset/{dataset_dict['name']}"), FOAF.Document)
        g.add((dataset_ref, DCAT.landingPage, landing))
        g.add((dataset_ref, DCT.language, vocab.typed(g, vocab.CHINESE, DCT.LinguisticSystem)))
        self._controlled(dataset_dict, dataset_ref)
        self._publisher(dataset_dict, dataset_ref)
        self._contact(dataset_dict, dataset_ref)
        self._distributions(dataset_dict, dataset_ref)

    def _controlled(self, d, ref):
        g = self.g
        domain = vocab.add_concept(g, "domain", d.get("domain") or "")
        if domain is not None:
            g.add((ref, DCAT.theme, domain))
            g.add((ref, DCAT.theme, vocab.concept(g, vocab.eu("data-theme", vocab.EU_THEME[d["domain"]]))))
        rights = vocab.eu("access-right", vocab.ACCESS_RIGHTS.get(d.get("open_level")))
        if rights is not None:
            g.add((ref, DCT.accessRights, rights))
            g.add((rights, RDF.type, DCT.RightsStatement))
        frequency = vocab.eu("frequency", vocab.FREQUENCY.get(d.get("update_frequency")))
        if frequency is not None:
            g.add((ref, DCT.accrualPeriodicity, frequency))
            g.add((frequency, RDF.type, DCT.Frequency))
        region = vocab.add_concept(g, "region", d.get("region_code") or "")
        if region is not None:
            g.add((ref, DCT.spatial, region))

    def _publisher(self, d, ref):
        """数源单位 as a foaf:Agent, identified by its unified social credit code where it has one."""
        g, dept = self.g, _department(self.g, d)
        if not dept:
            return
        for old in list(g.objects(ref, DCT.publisher)):
            g.remove((ref, DCT.publisher, old))
            g.remove((old, None, None))
        agent = URIRef(dept["uri"])
        g.add((ref, DCT.publisher, agent))
        g.add((agent, RDF.type, FOAF.Agent))
        g.add((agent, FOAF.name, Literal(dept["title"], lang="zh")))
        if dept["title_en"]:
            g.add((agent, FOAF.name, Literal(dept["title_en"], lang="en")))
        g.add((agent, DCT.type, vocab.concept(g, URIRef(ADMS_PUBLISHER + "LocalAuthority"))))
        if dept["credit_code"]:
            g.add((agent, DCT.identifier, Literal(dept["credit_code"])))

    def _contact(self, d, ref):
        """联系电话 / 联系邮箱 as one vcard:Organization named after the department."""
        g = self.g
        for old in list(g.objects(ref, DCAT.contactPoint)):
            g.remove((ref, DCAT.contactPoint, old))
            g.remove((old, None, None))
        phone, email = d.get("contact_phone"), d.get("contact_email")
        if not (phone or email):
            return
        contact = BNode()
        g.add((ref, DCAT.contactPoint, contact))
        g.add((contact, RDF.type, VCARD.Organization))
        g.add((contact, RDF.type, VCARD.Kind))
        g.add((contact, VCARD.fn, Literal(_department(self.g, d).get("title") or d.get("title"), lang="zh")))
        if email:
            g.add((contact, VCARD.hasEmail, URIRef("mailto:" + email)))
        if phone:
            # RFC 3966: a local number names its context, China's country code.
            g.add((contact, VCARD.hasTelephone, URIRef(f"tel:{phone};phone-context=+86")))

    def _distributions(self, d, ref):
        g = self.g
        schema = self._table_schema(d, ref)
        nth = {}
        for res in d.get("resources") or []:
            dist = URIRef(resource_uri(res))
            # The format as an EU file type (a plain literal is not a dct:MediaTypeOrExtent).
            g.remove((dist, DCT["format"], None))
            file_type = vocab.eu("file-type", vocab.FILE_TYPE.get((res.get("format") or "").upper()))
            if file_type is not None:
                g.add((dist, DCT["format"], file_type))
                g.add((file_type, RDF.type, DCT.MediaTypeOrExtent))
            if d.get("license_url"):
                g.set((dist, DCT.license, URIRef(d["license_url"])))
                g.add((URIRef(d["license_url"]), RDF.type, DCT.LicenseDocument))
            # A media type as its IANA address (a dct:MediaType), not a plain literal.
            for mime in [m for m in g.objects(dist, DCAT.mediaType) if isinstance(m, Literal)]:
                g.remove((dist, DCAT.mediaType, mime))
                g.add((dist, DCAT.mediaType, vocab.typed(g, URIRef(IANA + str(mime)), DCT.MediaType)))
            kind = res.get("interface_type") or "file"
            if kind == OPEN_API:
                nth[kind] = nth.get(kind, 0) + 1
                self._service(d, ref, dist, res, nth[kind])
            elif res.get("url"):
                # The address already is the public one (the gated download for a conditional entry).
                g.set((dist, DCAT.downloadURL, URIRef(res["url"])))
            if schema is not None and (kind == OPEN_API or (res.get("format") or "").upper() in TABULAR):
                g.add((dist, DCT.conformsTo, schema))

    def _service(self, d, ref, dist, res, n):
        """An open API (开放接口): a dcat:DataService with its endpoint and documentation page."""
        g = self.g
        endpoint, docs = (vocab.site() + p for p in interfaces_api.addresses(OPEN_API, d["catalog_code"], n))
        service = URIRef(resource_uri(res) + "#service")
        g.add((dist, DCAT.accessService, service))
        g.set((dist, DCAT.accessURL, URIRef(endpoint)))
        g.add((service, RDF.type, DCAT.DataService))
        g.add((service, DCT.title, Literal(res.get("name") or d.get("title"))))
        g.add((service, DCAT.endpointURL, URIRef(endpoint)))
        g.add((service, DCAT.endpointDescription, URIRef(docs)))
        g.add((service, FOAF.page, vocab.typed(g, URIRef(docs), FOAF.Document)))
        g.add((service, DCAT.servesDataset, ref))
        rights = vocab.eu("access-right", vocab.ACCESS_RIGHTS.get(d.get("open_level")))
        if rights is not None:
            g.add((service, DCT.accessRights, rights))

    def _table_schema(self, d, ref):
        """数据项 as a CSVW table schema, which the entry's tables conform to (dct:conformsTo)."""
        items = d.get("data_items") or []
        if not items:
            return None
        g = self.g
        schema = URIRef(dataset_uri(d) + "#data-items")
        g.add((schema, RDF.type, DCT.Standard))
        g.add((schema, RDF.type, CSVW.Schema))
        g.add((schema, DCT.title, Literal(f"{d.get('title')} 数据项", lang="zh")))
        columns = []
        for item in items:
            col = BNode()
            columns.append(col)
            g.add((col, RDF.type, CSVW.Column))
            g.add((col, CSVW.name, Literal(item.get("field_name"))))
            g.add((col, CSVW.title, Literal(item.get("field_label"), lang="zh")))
            if item.get("field_type") in XSD_TYPES:
                g.add((col, CSVW.datatype, XSD_TYPES[item["field_type"]]))
            if item.get("description"):
                g.add((col, DCT.description, Literal(item["description"], lang="zh")))
            if item.get("is_key") == "true":
                g.add((schema, CSVW.primaryKey, Literal(item.get("field_name"))))
        head = BNode()
        Collection(g, head, columns)
        g.add((schema, CSVW.column, head))
        return schema

    def graph_from_catalog(self, catalog_dict, catalog_ref):
        g = self.g
        g.remove((catalog_ref, DCT.language, None))
        g.add((catalog_ref, DCT.language, vocab.typed(g, vocab.CHINESE, DCT.LinguisticSystem)))
        if not g.value(catalog_ref, DCT.description):
            g.add((catalog_ref, DCT.description, Literal(DESCRIPTION, lang="zh")))
        for page in g.objects(catalog_ref, FOAF.homepage):
            vocab.typed(g, page, FOAF.Document)
        g.add((catalog_ref, DCAT.themeTaxonomy, vocab.add_scheme(g, "domain")))
        region = vocab.add_concept(g, "region", "330600")
        if region is not None:
            g.add((catalog_ref, DCT.spatial, region))
        publisher = model.Group.get(vocab.publisher_name())
        if publisher is not None:
            agent = URIRef(f"{vocab.site()}/organization/{publisher.id}")
            g.add((catalog_ref, DCT.publisher, agent))
            g.add((agent, RDF.type, FOAF.Agent))
            g.add((agent, FOAF.name, Literal(publisher.title, lang="zh")))
            g.add((agent, DCT.type, vocab.concept(g, URIRef(ADMS_PUBLISHER + "LocalAuthority"))))
            if publisher.extras.get("credit_code"):
                g.add((agent, DCT.identifier, Literal(publisher.extras["credit_code"])))


class ShaoxingSchemaOrgProfile(RDFProfile):
    """schema.org additions for the entry page's JSON-LD (search engines' dataset indexes)."""

    def graph_from_dataset(self, dataset_dict, dataset_ref):
        g = self.g
        g.remove((dataset_ref, SCHEMA.identifier, None))
        if dataset_dict.get("catalog_code"):
            g.add((dataset_ref, SCHEMA.identifier, Literal(dataset_dict["catalog_code"])))
        dept = _department(self.g, dataset_dict)
        for agent in g.objects(dataset_ref, SCHEMA.publisher):
            if dept.get("credit_code"):
                g.add((agent, SCHEMA.identifier, Literal(dept["credit_code"])))
        g.add((dataset_ref, SCHEMA.isAccessibleForFree, Literal(True)))
        g.add((dataset_ref, SCHEMA.inLanguage, Literal("zh-CN")))
        if dataset_dict.get("open_condition") and dataset_dict.get("open_level") == "conditional":
            g.add((dataset_ref, SCHEMA.conditionsOfAccess, Literal(dataset_dict["open_condition"])))
        region = vocab.labels("region").get(dataset_dict.get("region_code") or "")
        if region:
            place = BNode()
            g.add((dataset_ref, SCHEMA.spatialCoverage, place))
            g.add((place, RDF.type, SCHEMA.Place))
            g.add((place, SCHEMA.name, Literal(region["zh_Hans_CN"])))
            g.add((place, SCHEMA.identifier, Literal(dataset_dict["region_code"])))

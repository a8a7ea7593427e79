"""The vocabularies' addresses (/vocab/domain, /vocab/region and a concept under each) and
content negotiation: a client that asks for RDF (Accept) at an entry's page or the home page is
sent (303 See Other, the Linked Data convention) to the RDF document, the page itself staying
as it is for browsers."""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from flask import Blueprint, make_response, redirect, request

from ckanext.dcat.utils import CONTENT_TYPES, parse_accept_header, url_to_rdflib_format

from . import vocab

federation = Blueprint("shaoxing_federation", __name__)
# Which pages answer in RDF, and the RDF document of each.
NEGOTIATED = {"dataset.read": lambda args, fmt: tk.url_for("dcat.read_dataset", _id=args["id"], _format=fmt),
              "home.index": lambda args, fmt: tk.url_for("dcat.read_catalog", _format=fmt)}


def _rdf(graph, fmt: str):
    response = make_response(graph.serialize(format=url_to_rdflib_format(fmt)))
    response.headers["Content-Type"] = CONTENT_TYPES[fmt]
    return response


def _format() -> str:
    fmt = request.args.get("format") or parse_accept_header(request.headers.get("Accept", "")) or "ttl"
    return fmt if fmt in CONTENT_TYPES else "ttl"


@federation.route("/vocab/<kind>")
def scheme(kind: str):
    """The whole concept scheme (Turtle unless another RDF format is asked for)."""
    if kind not in vocab.SCHEMES:
        return tk.abort(404)
    return _rdf(vocab.scheme(kind), _format())


@federation.route("/vocab/<kind>/<code>")
def concept(kind: str, code: str):
    """One concept: RDF for an RDF client; a browser goes to the entries it classifies."""
    if kind not in vocab.SCHEMES or code not in vocab.labels(kind):
        return tk.abort(404)
    wants_rdf = request.args.get("format") or parse_accept_header(request.headers.get("Accept", ""))
    if not wants_rdf:
        return redirect(tk.url_for("dataset.search", **{vocab.FIELDS[kind]: code}), 303)
    return _rdf(vocab.scheme(kind, code), _format())


def negotiate():
    """before_request: an RDF Accept header at a negotiated page → 303 to its RDF document."""
    if request.method != "GET" or request.endpoint not in NEGOTIATED:
        return None
    fmt = parse_accept_header(request.headers.get("Accept", ""))
    if not fmt:
        return None
    response = redirect(NEGOTIATED[request.endpoint](request.view_args or {}, fmt), 303)
    response.headers["Vary"] = "Accept"
    return response

"""RDF vocabularies used by the graph: the project's ontology and the standard ones."""

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

KG = Namespace("https://w3id.org/kg-zh-news/ontology#")
SCHEMA = Namespace("https://schema.org/")
VOID = Namespace("http://rdfs.org/ns/void#")
DEFAULT_BASE = "https://w3id.org/kg-zh-news/id/"

PREFIXES = {
    "kg": KG,
    "rdf": RDF,
    "rdfs": RDFS,
    "owl": OWL,
    "xsd": XSD,
    "skos": SKOS,
    "prov": PROV,
    "schema": SCHEMA,
    "dcterms": DCTERMS,
    "void": VOID,
}

__all__ = ["KG", "SCHEMA", "VOID", "DEFAULT_BASE", "PREFIXES", "RDF", "RDFS", "OWL", "XSD", "SKOS", "PROV", "DCTERMS"]

"""The configset in the repository agrees with the Whoosh backend's schema and ranking, so that
the two backends index the same fields and score with the same BM25 parameters."""

from __future__ import annotations

import fnmatch
import tomllib
from pathlib import Path
from xml.etree import ElementTree

import search
from search.backends.fields import COGNATE_FIELD, FIELD_LANGUAGES, body_field, lead_field, title_field
from search.backends.solr.client import CONFIGSET_DIR
from search.backends.whoosh.schema import build_schema
from search.query.ranking import BM25_B, BM25_K1

SCHEMA = ElementTree.parse(CONFIGSET_DIR / "managed-schema.xml").getroot()
SOLR_ONLY = {"kind", "month", "_version_"}
"""What a document is (article, file entry, meta), the month column of the timeline, and the
version SolrCloud needs for its updates."""


def fields() -> dict[str, dict[str, str]]:
    return {field.get("name"): field.attrib for field in SCHEMA.findall("field")}


def field_type(name: str) -> dict[str, str]:
    (found,) = [t.attrib for t in SCHEMA.findall("fieldType") if t.get("name") == fields()[name]["type"]]
    return found


def test_the_same_fields_as_the_whoosh_schema():
    assert set(fields()) - SOLR_ONLY == set(build_schema().names())


def test_searched_text_arrives_pre_analysed_and_is_never_stored():
    text_fields = {COGNATE_FIELD} | {f(lang) for lang in FIELD_LANGUAGES for f in (title_field, lead_field, body_field)}
    for name in text_fields:
        kind = field_type(name)
        assert kind["class"] == "solr.PreAnalyzedField" and kind["parserImpl"] == "json", name
        assert kind["stored"] == "false" and kind["omitNorms"] == "false", name
    others = set(fields()) - text_fields
    assert all(field_type(name)["class"] != "solr.PreAnalyzedField" for name in others)


def test_bm25_parameters_are_ours():
    similarity = SCHEMA.find("similarity")
    assert similarity.get("class") == "solr.BM25SimilarityFactory"
    params = {p.get("name"): float(p.text) for p in similarity.findall("float")}
    assert params == {"k1": BM25_K1, "b": BM25_B}


def test_statistics_are_exact_across_shards():
    config = ElementTree.parse(CONFIGSET_DIR / "solrconfig.xml").getroot()
    assert config.find("statsCache").get("class") == "org.apache.solr.search.stats.ExactStatsCache"
    assert SCHEMA.get("name").startswith("bilingual-news-")


def test_the_configset_is_package_data_so_an_installed_package_can_create_its_collection():
    """A wheel holds the package's modules and the package data pyproject.toml names: the
    configset must be among them, not only in a checkout."""
    root = Path(search.__file__).parent
    assert CONFIGSET_DIR.is_relative_to(root)
    patterns = tomllib.loads((root.parent / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]["package-data"]["search"]
    files = [path.relative_to(root).as_posix() for path in CONFIGSET_DIR.rglob("*") if path.is_file()]
    assert {"managed-schema.xml", "solrconfig.xml"} <= {Path(f).name for f in files}
    assert all(any(fnmatch.fnmatch(f, pattern) for pattern in patterns) for f in files), files

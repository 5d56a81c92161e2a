"""The SolrCloud backend: a collection of a Solr cluster as the index."""

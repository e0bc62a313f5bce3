"""The graphbuild ontology, vocabularies, shapes, queries and rules, shipped as package data."""

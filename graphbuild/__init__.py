"""graphbuild: a knowledge graph of air-pollution responsibilities from Chinese government texts."""

__version__ = "0.1.0"

"""Ingest: archive files -> :class:`~curator.models.Article` objects -> the store.

``decode`` turns bytes into clean text, ``parse`` splits a page into articles
and extracts their fields (``dates`` and ``furniture`` hold the rules),
``duplicates`` marks copies, ``records`` reads JSON Lines and CSV files (their rows:
``record_rows``; which stored article a record is: ``record_identity``), ``prepare``
reads one file into articles, ``pipeline`` walks folders and saves in batches.
"""

from curator.ingest.decode import Decoded, UndecodableFile, decode_bytes
from curator.ingest.parse import parse_document
from curator.ingest.pipeline import FileProblem, IngestReport, ingest_paths

__all__ = [
    "Decoded",
    "FileProblem",
    "IngestReport",
    "UndecodableFile",
    "decode_bytes",
    "ingest_paths",
    "parse_document",
]

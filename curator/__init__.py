"""curator: curate an archive of Vietnamese news articles.

The core (ingest, extract, resolve, store, curation, export, cli) never
imports Textual; the app layer lives in ``curator.app``.
"""

__version__ = "0.1.0"

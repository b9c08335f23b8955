"""Persistence: TinyDB files with atomic, durable writes and a writer lock."""

from curator.store.database import Store, default_db_path
from curator.store.errors import (
    CorruptDatabase,
    DatabaseChanged,
    DatabaseLocked,
    ForeignDatabase,
    NewerSchema,
    ReadOnlyStore,
    SaveFailed,
    StoreError,
)

__all__ = [
    "CorruptDatabase",
    "DatabaseChanged",
    "DatabaseLocked",
    "ForeignDatabase",
    "NewerSchema",
    "ReadOnlyStore",
    "SaveFailed",
    "Store",
    "StoreError",
    "default_db_path",
]

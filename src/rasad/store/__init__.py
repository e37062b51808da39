"""rasad's event database (SQLAlchemy; SQLite by default, PostgreSQL by URL)."""

from rasad.store.db import AddResult, Store, content_hash, default_url, open_store, url_key

__all__ = ["AddResult", "Store", "content_hash", "default_url", "open_store", "url_key"]

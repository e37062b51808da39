"""The fingerprint of the extractor: what an article's stored events were coded with.

It changes when the lexicon or gazetteer data, or the code that extracts, changes;
``rasad reextract`` re-codes the articles stored under another fingerprint.
"""

from __future__ import annotations

import functools
import hashlib
from importlib import resources

_PACKAGES = ("rasad.lexicon", "rasad.geo", "rasad.extract", "rasad.text")


@functools.cache
def extractor_fingerprint() -> str:
    """16 hex digits hashing the extractor's code and data files (see the module doc)."""
    h = hashlib.sha256()
    for package in _PACKAGES:
        root = resources.files(package)
        stack = [root]
        files = []
        while stack:
            node = stack.pop()
            for entry in node.iterdir():
                if entry.is_dir():
                    if entry.name != "__pycache__":
                        stack.append(entry)
                elif entry.name.endswith((".py", ".yaml", ".tsv", ".json")):
                    files.append(entry)
        for entry in sorted(files, key=lambda e: str(e)):
            h.update(str(entry).rsplit("rasad", 1)[-1].encode())
            h.update(entry.read_bytes())
    return h.hexdigest()[:16]

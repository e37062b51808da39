"""rasad (رصد): Arabic conflict reporting to a verifiable ACLED-style event dataset."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("rasad")
except PackageNotFoundError:  # run from a source tree that was never installed
    __version__ = "0+unknown"

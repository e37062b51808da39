"""``python -m rasad``: the same as the ``rasad`` command."""

from rasad.cli import main

main()

"""``python -m tanto_analysis``: the ``tanto`` command."""

from .cli import main

main()

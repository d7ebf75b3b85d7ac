"""``python -m tanto_analysis``: the ``tanto`` command."""

from .cli import main

if __name__ == "__main__":  # importing the module (e.g. to collect doctests) does not run the command
    main()

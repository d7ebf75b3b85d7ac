"""Stage 0, the base every other stage stands on: problems and errors, file readers, atomic
writes, where data lives, Chinese quantities, number formatting and the zh/en text catalogue.

Nothing here knows about a report, a ledger or a page.
"""

"""Stage 4, what a page shows: the year's data, domain, audit, trend and reconciliation sections,
commentary, safe HTML tables, charts and fonts.  Called from the notebooks.
"""

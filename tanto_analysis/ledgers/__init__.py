"""Stage 2, the ledgers: record-level ledgers read, checked and summarised, one module per domain
(employment, loans, land) with its indicators, the village register, the synthetic demo
generator, and reconciliation with the published figures.

A ledger is a table a town office keeps (loans, subsidies, posts, placements,
land contracts, the village register), one folder per year::

    <ledger_dir>/<year>/<name>.csv   (or <name>_synthetic.csv, or .xlsx)

Every ledger is read with :func:`readers.read_table`, its headers matched
to its :class:`~tanto_analysis.ledgers.fields.Field` list (English names or
the declared Chinese headers), and validated with a pandera schema.  Nothing
is silently dropped: each bad input is either an **error** (the ledger is
refused with ``file:row:column: message`` problems, :class:`InputError`) or
a **flagged row** (kept and counted, listed by :func:`flagged_rows`).  Every
error and flag, with its message, is in ``docs/ledgers.md``.

Errors (the numbers would be wrong if we went on): a missing or doubled
column, a value of the wrong type or outside the allowed set, a negative
amount, a duplicate id (or a village listed twice under two spellings), an
unknown village, an impossible date (a year before 1950 or after 2100) or a
date outside the year, an amount in 万元 where 元 is expected
(:mod:`~tanto_analysis.ledgers.checks`), two files for one ledger
(:mod:`~tanto_analysis.ledgers.files`), and each domain module's own.

Flagged rows (plausible records that break a policy or another ledger; the
office must look at them, but they did happen and are counted): see
:data:`FLAGS`.

Loaded frames carry ``source_row`` (the spreadsheet row) and ``flags``
(semicolon-separated codes); ``frame.attrs["file"]`` is the file name.
"""

"""Stage 2, the ledgers: record-level schemas and loading, one module per domain (employment,
loans, land) with its indicators, the synthetic demo generator, and reconciliation with the
published figures.
"""

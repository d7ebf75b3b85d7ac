"""Stage 2, the published figures: the figures-table schema, loading and validation against the
report text, and drafting next year's table from a report (extraction, context, outline).
"""

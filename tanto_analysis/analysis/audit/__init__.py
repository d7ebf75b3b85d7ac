"""The consistency audit: typed rules, the engine that checks them within the report's own
rounding, the terms and precision it uses, and the ``tanto audit`` report.
"""

"""Choosing exemplar clubs (ต้นแบบ) and planning their spread to neighbouring networks.

The workflow's state (decisions, plans, knowledge records) lives in the application-state
store, never in the warehouse, so a data reload cannot lose it.
"""

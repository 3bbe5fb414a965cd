"""Writers of pages as the conference sites serve them, for fixtures and benchmarks.

Deterministic: the same session and options always give the same bytes.
"""

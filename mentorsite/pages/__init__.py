"""Model and history → pages: which pages the site has and the data each shows; charts, feeds,
the calendar and ``data.json``.
"""

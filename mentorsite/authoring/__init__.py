"""``init`` and ``new``: a new mentorship repository and new entries, written from templates, never
over an existing file.
"""

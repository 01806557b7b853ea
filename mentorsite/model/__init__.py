"""Parsed documents → the validated model: typed, frozen entries with every problem found in one
pass, lint, progress and the insights the pages show, and what stays private.
"""

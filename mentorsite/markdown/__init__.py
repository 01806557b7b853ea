"""Markdown bodies → HTML: the one configured markdown-it parser, a cache of what it rendered
keyed by the text, and rendering ahead on the other cores while files are still being read.
"""

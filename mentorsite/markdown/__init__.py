"""Markdown bodies → HTML: the one configured markdown-it parser, the everyday forms drawn
straight to the HTML it would draw, a cache of what was rendered keyed by the text, and
rendering ahead on the other cores while files are still being read.
"""

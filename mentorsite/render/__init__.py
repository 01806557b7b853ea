"""Pages → HTML: the theme's folders, the Jinja templates, and the Python snippets behind the
macros drawn thousands of times.
"""

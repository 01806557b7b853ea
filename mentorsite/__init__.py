"""mentorsite: a static site generator for mentoring pairs."""

__version__ = "0.1.0"

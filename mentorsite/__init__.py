"""mentorsite: a static site generator for mentoring pairs.

The folders are the stages of the data flow, in order; a module imports only from its own
stage and the ones before it (``tests/test_layout.py`` checks):

- the modules at the top: what every stage shares (errors, diagnostics, dates, text, cache
  files, worker counts);
- ``read/``: files → parsed documents (front matter, YAML with positions);
- ``markdown/``: bodies → HTML, cached, rendered ahead while files are read;
- ``model/``: parsed documents → the validated model, lint, progress and insights, privacy;
- ``history/``: the model's git history, read in one pass, and what each change meant;
- ``pages/``: model and history → pages, charts, feeds, ``data.json``;
- ``render/``: pages → HTML through the theme's templates;
- ``output/``: HTML → the output folder, on every core, swapped in whole;
- ``build.py``: those stages in order;
- ``serve/``, ``reports/``, ``authoring/``, ``programme/``: the other commands;
- ``cli/``: the command line.
"""

__version__ = "0.1.0"

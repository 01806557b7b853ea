"""Warnings about what the site makes of an entry's Markdown body: nesting past the limit, raw
HTML shown as text, images by a path the site does not publish, and links and images with no
name."""

from __future__ import annotations

import posixpath
from functools import lru_cache

from mentorsite.markdown.engine import MAX_NESTING, RawHtml, nesting_cut, raw_html
from mentorsite.markdown.images import images, unnamed
from mentorsite.markdown.rules import is_by_path
from mentorsite.model.entries import SourceFile
from mentorsite.model.lint.linter import Linter
from mentorsite.text import shortened


def _in_static(path: str) -> bool:
    """Whether ``path``, from the site's root, is in the theme's published ``static/``."""
    return not path.startswith("/") and posixpath.normpath(path).startswith("static/")


@lru_cache(maxsize=16384)
def _raw_html(body: str) -> tuple[RawHtml, ...]:
    """:func:`~mentorsite.markdown.engine.raw_html`, remembered as :func:`_nesting_cut` is."""
    return raw_html(body)


@lru_cache(maxsize=16384)
def _nesting_cut(body: str) -> int | None:
    """:func:`~mentorsite.markdown.engine.nesting_cut`, remembered: ``serve`` lints every body again
    after each edit."""
    return nesting_cut(body)


class BodyChecks(Linter):
    """The checks of each body as the site renders it."""

    def body(self, file: SourceFile) -> None:
        """Markdown nested past the limit is shown flat from there on: say where."""
        cut = _nesting_cut(file.body)
        if cut is not None:
            self.diagnostics.warning(
                file.path, file.body_line + cut - 1, 1, "markdown-too-deep",
                f"Markdown nested more than {MAX_NESTING} levels deep (block quotes, lists, "
                "footnotes; a list and its item are two), the limit: from here it is shown as "
                "plain paragraphs; nest less",
            )

    def html(self, file: SourceFile) -> None:
        """Raw HTML is shown as text: say where, since the pair meant it to work, or meant an
        HTML comment to hide what it holds (said apart, as that is published)."""
        found = _raw_html(file.body)
        if not found:  # as in nearly every body
            return
        comments = [place for place in found if place.text.startswith("<!--")]
        tags = [place for place in found if not place.text.startswith("<!--")]
        for places, shown, fix in (
                (comments, "HTML comment '{}' is shown on the site as text, not hidden",
                 "delete it, or keep the note in a private entry"),
                (tags, "raw HTML '{}' is shown on the site as text, not as HTML",
                 "write it in Markdown")):
            if places:
                first, more = places[0], len(places) - 1
                also = f" ({more} more in this file)" if more else ""
                self.diagnostics.warning(file.path, file.body_line + first.line - 1,
                                         first.column, "raw-html",
                                         f"{shown.format(shortened(first.text))}{also}: {fix}")

    def images(self, file: SourceFile) -> None:
        """An image by a path shows on GitHub beside the file and nowhere on the site, which
        publishes pages, not the repository's files: say where. A path the page reaches the
        theme's ``static/`` folder by (``../../static/x.png``) leads to a published file."""
        _, folder, name = file.path.split("/")  # content/<folder>/<name>.md
        page = f"{folder}/{name.removesuffix('.md')}"  # the entry's page, where a path starts
        for image in images(file.body):
            path = image.source.partition("#")[0].partition("?")[0]
            if not is_by_path(image.source) or _in_static(posixpath.join(page, path)):
                continue
            self.diagnostics.warning(
                file.path, file.body_line + image.line - 1, image.column, "relative-image",
                f"image {shortened(image.source) or 'with no address'} leads nowhere on the "
                "site, which publishes pages, not the repository's files: give the image's "
                "full https:// address")

    def names(self, file: SourceFile) -> None:
        """A link with no text has no name a screen reader or a search can give (axe:
        link-name), and an image with none is drawn ``alt=""``, which hides it from them as
        decorative: in a mentorship's pages an image is content (a board, a slide, a chart),
        and Markdown has no way to say one is only decoration, so each is said."""
        for found in unnamed(file.body):
            line = file.body_line + found.line - 1
            if found.image:
                self.diagnostics.warning(
                    file.path, line, found.column, "image-without-alt",
                    "image has no text in its brackets: the site draws it alt=\"\", which a "
                    "screen reader passes over as decoration; say what it shows, "
                    "![the board after sprint 3](...)")
            else:
                self.diagnostics.warning(
                    file.path, line, found.column, "link-without-text",
                    "link has no text: a screen reader can only call it 'link'; write what "
                    "it leads to in its brackets, [the design doc](...)")

"""What a theme's template that fails says, both ways the build renders a page."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from mentorsite.errors import MentorsiteError
from mentorsite.model.entries import Settings
from mentorsite.pages.page import Page
from mentorsite.render.templates import renderer
from mentorsite.render.theme import builtin_theme


def failures(theme: Path, source: str, settings: Settings | None = None,
             context: dict[str, object] | None = None, root: Path | None = None) -> list[str]:
    """The error of a page drawn by ``theme``'s ``templates/t.html``, holding ``source``, given
    ``context``, of the repository ``root``: once rendered whole, once in parts."""
    templates = theme / "templates"
    templates.mkdir(parents=True, exist_ok=True)
    (templates / "t.html").write_text(source)
    render = renderer([theme, builtin_theme()], settings or Settings(), date(2025, 6, 15), None,
                      root=root)
    page = Page("t/", "t.html", "T", context or {})
    messages = []
    for draw in (render.render, lambda page: "".join(render.render_in_parts(page))):
        with pytest.raises(MentorsiteError) as failed:
            draw(page)
        messages.append(str(failed.value))
    return messages

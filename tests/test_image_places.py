"""Where `relative-image` says an image's address is written (body lines and columns).

It was found by searching the text for the address: the alt text when it was the same, a
link's address earlier on the line, the first mention of the address anywhere for an image by
reference, and two images of one address at one place, told once.
"""

from __future__ import annotations

import pytest

from mentorsite.markdown.images import images


@pytest.mark.parametrize(("body", "places"), [
    ("![board.png](board.png)\n", [(1, 14)]),  # not the alt text
    ("See [the board](board.png) or ![it](board.png).\n", [(1, 37)]),  # not the link's
    ("I put board.png in the repo.\n\n![the board][b]\n\n[b]: board.png\n", [(5, 6)]),
    ("![a](board.png)\n\n![b][r]\n\n[r]: board.png\n", [(1, 6), (5, 6)]),
    ("![a](my\\_board.png)\n\nUpload my_board.png first.\n", [(1, 6)]),  # escaped
    ("![a](x.png) and `![b](y.png)` then ![c](z.png)\n", [(1, 6), (1, 41)]),
])
def test_an_image_is_placed_at_its_own_address(body, places):
    assert [(image.line, image.column) for image in images(body)] == places


def test_a_body_that_names_every_link_is_not_parsed_for_unnamed_ones(monkeypatch):
    """Looking for links and images with no name parsed every body holding a `]` with
    markdown-it (tasks, named links, footnotes: 3,057 of the 5,000 benchmark bodies, 2.1 CPU s
    of every cold build), which the site's own everyday bodies never are. Only empty brackets
    right before a destination or a reference can show one."""
    from mentorsite.markdown import images as module

    parses: list[str] = []
    real = module._image_finder()

    class Counting:
        def parse(self, text: str) -> list:
            parses.append(text)
            return real.parse(text)

    monkeypatch.setattr(module, "_image_finder", Counting)
    named = "- [ ] Ask [Priya](../goals/a.md) first[^1]\n- [x] Done ![board](https://x/b.png)\n"
    assert module.unnamed(named + "\n[^1]: Soon.\n") == ()
    assert parses == []
    for body in ("See [](https://x).\n", "See ![ ](https://x/b.png).\n",
                 "[![](https://x/b.png)](https://x)\n", "See [ ][ref].\n\n[ref]: https://x\n"):
        assert len(module.unnamed(body)) == 1, body
    assert len(parses) == 4

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

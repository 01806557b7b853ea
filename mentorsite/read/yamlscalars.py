"""Which plain scalars are read as what: YAML 1.1's types, less its surprising numbers.

YAML 1.1 reads ``1:30`` as 90 (base 60), ``0x10`` as 16, ``017`` as 15 (octal) and ``1_000``
as 1000: a pair who writes a time, a code or a number with leading zeros gets a number they
never wrote, refused where text is meant ("got the number 90") or silently misread where a
number is. Here a number is written in decimal digits only; any other spelling stays the text
written, which a text field keeps and a number field refuses with what to write instead.
"""

from __future__ import annotations

import re

from yaml.resolver import Resolver

INT_TAG = "tag:yaml.org,2002:int"
FLOAT_TAG = "tag:yaml.org,2002:float"
PLAIN_INT = re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$")
PLAIN_FLOAT = re.compile(
    r"^(?:[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+][0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)


class ScalarResolver(Resolver):
    """PyYAML's resolver with numbers only in decimal digits (no base 60, 16, 8 or 2, no
    ``_`` between digits)."""


ScalarResolver.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in found if tag not in (INT_TAG, FLOAT_TAG)]
    for first, found in Resolver.yaml_implicit_resolvers.items()
}
ScalarResolver.add_implicit_resolver(INT_TAG, PLAIN_INT, list("-+0123456789"))
ScalarResolver.add_implicit_resolver(FLOAT_TAG, PLAIN_FLOAT, list("-+.0123456789"))

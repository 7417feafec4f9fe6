"""YAML from files an analyst did not write, read with limits: no aliases, bounded nesting and length.

PyYAML's ``safe_load`` refuses to build objects, but not to expand aliases (a few hundred bytes of
nested aliases take gigabytes) nor to scan deep nesting (its scanner takes time that grows with the
square of the depth: 30,000 nested ``[`` took two minutes). Front matter and codebooks are read here.
"""

from __future__ import annotations

from typing import Any


class YamlLimitError(ValueError):
    """A YAML text over a limit: too long, nested too deep, or using an alias; the message says which."""


def load_bounded(text: str, *, max_chars: int, max_depth: int, first_line: int = 1) -> Any:
    """Parse ``text`` as YAML after checking it against the limits, stopping at the first problem.

    Parameters
    ----------
    text
        The YAML text.
    max_chars
        The longest text read, in characters.
    max_depth
        The deepest nesting of lists and mappings (a top-level mapping is one level).
    first_line
        The line number of the text's first line in its file, so messages point at the file's lines.

    Raises
    ------
    YamlLimitError
        When the text is over ``max_chars``, uses an alias (``*name``) or nests deeper than ``max_depth``.
    yaml.YAMLError
        When the text is not valid YAML.
    """
    import yaml

    if len(text) > max_chars:
        raise YamlLimitError(f"it is {len(text):,} characters, over the limit of {max_chars:,}")
    depth = 0
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        line = event.start_mark.line + first_line
        if isinstance(event, yaml.AliasEvent):
            raise YamlLimitError(
                f"it uses a YAML alias (*{event.anchor}) at line {line}; "
                "aliases are not read: write each value out in full"
            )
        depth += isinstance(event, yaml.CollectionStartEvent) - isinstance(event, yaml.CollectionEndEvent)
        if depth > max_depth:
            raise YamlLimitError(f"it nests lists or mappings more than {max_depth} levels deep (at line {line})")
    return yaml.safe_load(text)

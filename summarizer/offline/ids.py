"""Party ids minted from names: within the schema's length limit, and unique within one summary."""

from __future__ import annotations

from summarizer.schema import slugify

from .text import word_set

__all__ = ["ID_LIMIT", "mint_id"]

ID_LIMIT = 60
"""The longest id the schema accepts (``summarizer.schema.Slug``)."""
_TRAILING_WORDS = word_set("a an and at by de del for in of on or the to von")
"""Words an id shortened at a word boundary does not end on ("...-federation-of")."""


def mint_id(name: str, used: set[str], *, fallback: str = "party", limit: int = ID_LIMIT) -> str:
    """The id of ``name``: its slug, shortened at a word boundary to fit ``limit``, numbered (``-2``, ``-3``)
    when an id in ``used`` already has it; added to ``used``.

    The same names in the same order always give the same ids. A name with no letter or digit a slug keeps
    takes ``fallback``.
    """
    slug = slugify(name)
    base = slug if isinstance(slug, str) and slug else fallback
    minted, n = _shortened(base, limit), 2
    while minted in used:
        suffix = f"-{n}"
        minted, n = _shortened(base, limit - len(suffix)) + suffix, n + 1
    used.add(minted)
    return minted


def _shortened(slug: str, limit: int) -> str:
    """``slug`` cut to at most ``limit`` characters after a whole word, never ending on a function word; a
    first word longer than ``limit`` is cut inside."""
    if len(slug) <= limit:
        return slug
    words = slug[: limit + 1].split("-")[:-1]  # the last piece is cut, or empty when a word ends at the limit
    while len(words) > 1 and words[-1] in _TRAILING_WORDS:
        words.pop()
    if not words or not words[0]:
        return slug[:limit].strip("-")
    return "-".join(words)

"""Keeping secrets out of every output: the one place that decides what a secret looks like and hides it.

An API key is a secret; so are the user name and password of a URL (``http://user:KEY@host/v1``) and the
values of its query (``?api-key=KEY``), which proxies and Azure-style gateways use to carry keys. Provenance,
logs, error messages, cache keys and cassettes show such a URL as ``http://***@host/v1?api-key=***``.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from urllib.parse import urlsplit, urlunsplit

__all__ = ["MASK", "redact", "redact_url", "url_secret_digest"]

MASK = "***"
"""What stands in the place of a secret."""

# A URL in running text: a scheme, then everything up to white space or a quote mark, less a closing stop.
_URL_IN_TEXT = re.compile(r"\b[a-zA-Z][a-zA-Z0-9+.-]*://[^\s\"'<>`]*[^\s\"'<>`.,;:!?)\]]")


def redact_url(url: str) -> str:
    """``url`` with its user info and the values of its query and fragment replaced by ``***``."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        return _redact_unparsable(url)
    netloc = parts.netloc
    if "@" in netloc:
        netloc = f"{MASK}@{netloc.rsplit('@', 1)[1]}"
    query = parts.query
    if query:  # names stay (api-key=***), values go; a bare word may itself be the key
        query = "&".join(
            f"{piece.partition('=')[0]}={MASK}" if "=" in piece else MASK for piece in query.split("&")
        )
    fragment = MASK if parts.fragment else ""
    if (netloc, query, fragment) == (parts.netloc, parts.query, parts.fragment):
        return url
    return urlunsplit((parts.scheme, netloc, parts.path, query, fragment))


def _redact_unparsable(url: str) -> str:
    """A URL that does not even parse: keep the scheme and host-looking start, hide everything else."""
    scheme, _, rest = url.partition("://")
    host = re.split(r"[/?#@]", rest, maxsplit=1)[0] if "@" not in rest else MASK
    return f"{scheme}://{host}/{MASK}" if rest else url


def url_secret_digest(url: str | None) -> str | None:
    """A digest of ``url`` when it holds secrets (cache keys tell servers apart by it), else ``None``."""
    if url is None or redact_url(url) == url:
        return None
    return hashlib.sha256(b"summarizer base URL\0" + url.encode("utf-8", "surrogatepass")).hexdigest()


def redact(text: str, secrets: Iterable[str | None] = ()) -> str:
    """``text`` with every URL in it redacted and each of ``secrets`` (API keys) replaced by ``***``."""
    text = _URL_IN_TEXT.sub(lambda match: redact_url(match.group()), text)
    for secret in secrets:
        if secret and len(secret) >= 4:
            text = text.replace(secret, MASK)
    return text

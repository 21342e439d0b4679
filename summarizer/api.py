"""The public entry points: :func:`summarize` and :func:`asummarize`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from .article import Article, load_article
from .backends import create_backend
from .config import Settings
from .errors import ArticleError
from .result import SummaryResult

if TYPE_CHECKING:
    import openai

__all__ = ["as_article", "asummarize", "resolve", "summarize"]


def as_article(article: str | Path | Article, *, encoding: str | None = None) -> Article:
    """An :class:`Article` from article text, a ``pathlib.Path`` (read in ``encoding``, else as detected), or
    an article (returned as is)."""
    if isinstance(article, Article):
        return article
    if isinstance(article, Path):
        return load_article(article, encoding=encoding)
    if isinstance(article, str):
        if "\n" not in article and len(article) < 4096 and _is_file(article.strip()):
            # Summarizing the file's name instead of the file would be a silent, confusing mistake.
            raise ArticleError(
                f"{article!r} is the name of a file, and a str is taken as article text: "
                "pass pathlib.Path(...) to summarize the file"
            )
        return Article.from_text(article)
    raise ArticleError(f"expected article text, a pathlib.Path or an Article, not {type(article).__name__}")


def _is_file(name: str) -> bool:
    try:
        return Path(name).is_file()
    except OSError:  # a name the file system refuses ("File name too long") names no file
        return False


def resolve(settings: Settings | None, options: dict[str, Any]) -> Settings:
    """``settings`` with the options that are not ``None`` applied; without settings, from the environment."""
    if settings is None:
        return Settings.resolve(**options)
    changes = {key: value for key, value in options.items() if value is not None}
    return settings.with_(**changes) if changes else settings


def summarize(
    article: str | Path | Article,
    *,
    backend: str | None = None,
    model: str | None = None,
    base_url: str | None = None,
    api_key: str | None = None,
    mode: str | None = None,
    max_reasks: int | None = None,
    lenient: bool | None = None,
    temperature: float | None = None,
    seed: int | None = None,
    max_tokens: int | None = None,
    timeout: float | None = None,
    local_model: str | None = None,
    context_window: int | None = None,
    client: openai.OpenAI | None = None,
    settings: Settings | None = None,
    encoding: str | None = None,
) -> SummaryResult:
    """Summarize one article (text, a ``pathlib.Path`` or an :class:`Article`) into a grounded summary.

    Options left as ``None`` come from ``settings`` or, without it, from the environment
    (``OPENAI_API_KEY``, ``OPENAI_BASE_URL``, ``SUMMARIZER_MODEL``). With no backend configured this raises
    :class:`ConfigurationError`; it never falls back silently. Pass ``client`` to reuse an openai client.
    ``encoding`` names the encoding of a file (by default a BOM decides, else UTF-8, else it is detected).
    With ``context_window`` (the model's, in tokens) an article whose request would not fit is read in
    overlapping chunks and merged into one summary (``usage.chunks`` says how many).
    """
    options = {
        "backend": backend,
        "model": model,
        "base_url": base_url,
        "api_key": api_key,
        "mode": mode,
        "max_reasks": max_reasks,
        "lenient": lenient,
        "temperature": temperature,
        "seed": seed,
        "max_tokens": max_tokens,
        "timeout": timeout,
        "local_model": local_model,
        "context_window": context_window,
    }
    resolved = resolve(settings, options)
    loaded = as_article(article, encoding=encoding)
    with create_backend(resolved, client=client) as chosen:
        return chosen.summarize(loaded)


async def asummarize(
    article: str | Path | Article,
    *,
    client: openai.AsyncOpenAI | None = None,
    settings: Settings | None = None,
    encoding: str | None = None,
    **options: Any,
) -> SummaryResult:
    """The asynchronous twin of :func:`summarize`; takes the same options."""
    resolved = resolve(settings, options)
    loaded = as_article(article, encoding=encoding)
    chosen = create_backend(resolved, async_client=client)
    try:
        return await chosen.asummarize(loaded)
    finally:
        await chosen.aclose()

"""The public entry points: :func:`summarize` and :func:`asummarize`, and the result they return."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict

from . import _version
from .article import SEGMENTER_VERSION, Article, load_article
from .config import Settings
from .errors import ArticleError, ConfigurationError
from .errors import Usage as _UsageCounter
from .prompts import prompt_version
from .schema import SCHEMA_VERSION, NegotiationSummary

if TYPE_CHECKING:
    import openai

    from .extract import Extraction

__all__ = ["Dropped", "Provenance", "SummaryResult", "Usage", "asummarize", "summarize"]


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Usage(_Frozen):
    """Calls and tokens summed over every request made for the article."""

    calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    total_tokens: int = 0


class Provenance(_Frozen):
    """How a summary was made: enough to reproduce it and to key a cache."""

    backend: str
    model: str | None
    base_url_host: str | None
    prompt_version: str
    schema_version: str
    segmenter_version: str
    library_version: str
    article_sha256: str
    settings: dict[str, Any]


class Dropped(_Frozen):
    """An item that lenient grounding removed, and why."""

    path: str
    reason: str


class SummaryResult(BaseModel):
    """A validated, grounded summary with its provenance, usage, and anything lenient mode dropped."""

    model_config = ConfigDict(extra="forbid")

    summary: NegotiationSummary
    provenance: Provenance
    usage: Usage
    dropped: list[Dropped] = []
    source: str | None = None


def _as_article(article: str | Path | Article) -> Article:
    if isinstance(article, Article):
        return article
    if isinstance(article, Path):
        return load_article(article)
    if isinstance(article, str):
        if "\n" not in article and len(article) < 4096 and Path(article.strip()).is_file():
            # Summarizing the file's name instead of the file would be a silent, confusing mistake.
            raise ArticleError(
                f"{article!r} is the name of a file, and a str is taken as article text: "
                "pass pathlib.Path(...) to summarize the file"
            )
        return Article.from_text(article)
    raise ArticleError(f"expected article text, a pathlib.Path or an Article, not {type(article).__name__}")


def _settings(settings: Settings | None, options: dict[str, Any]) -> Settings:
    if settings is None:
        return Settings.resolve(**options)
    changes = {key: value for key, value in options.items() if value is not None}
    return settings.with_(**changes) if changes else settings


def _result(article: Article, settings: Settings, extraction: Extraction) -> SummaryResult:
    counts = extraction.usage
    host = urlsplit(settings.base_url).hostname if settings.base_url else None
    if settings.backend == "openai" and host is None:
        host = "api.openai.com"
    fingerprint = settings.fingerprint()
    return SummaryResult(
        summary=extraction.summary,
        provenance=Provenance(
            backend=settings.backend,
            model=fingerprint["model"] if settings.backend != "offline" else None,
            base_url_host=host if settings.backend != "offline" else None,
            prompt_version=prompt_version(),
            schema_version=SCHEMA_VERSION,
            segmenter_version=SEGMENTER_VERSION,
            library_version=_version.__version__,
            article_sha256=article.sha256,
            settings=fingerprint,
        ),
        usage=Usage(**counts.as_dict()),
        dropped=[Dropped(path=item.path, reason=item.reason) for item in extraction.dropped],
        source=article.source,
    )


def _offline(article: Article, settings: Settings) -> Extraction:
    from .extract import Extraction
    from .grounding import DroppedItem

    try:
        from .offline import extract
    except ImportError as exc:  # pragma: no cover - only while the offline backend is absent
        raise ConfigurationError(f"the offline backend is not available: {exc}") from None
    dropped: list[DroppedItem] = []
    return Extraction(extract(article, actor_files=settings.actor_files), dropped, _UsageCounter())


def _prepare(
    article: str | Path | Article, settings: Settings | None, options: dict[str, Any], *, has_client: bool
) -> tuple[Article, Settings]:
    """The loaded article and the resolved settings; for the local backend, the embedded server started."""
    resolved = _settings(settings, options)
    loaded = _as_article(article)
    if resolved.backend == "local" and not has_client:
        from .local import shared_server

        resolved = resolved.with_(base_url=shared_server(resolved).base_url)
    return loaded, resolved


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
    client: openai.OpenAI | None = None,
    settings: Settings | None = None,
) -> SummaryResult:
    """Summarize one article (text, a ``pathlib.Path`` or an :class:`Article`) into a grounded summary.

    Options left as ``None`` come from ``settings`` or, without it, from the environment
    (``OPENAI_API_KEY``, ``OPENAI_BASE_URL``, ``SUMMARIZER_MODEL``). With no backend configured this raises
    :class:`ConfigurationError`; it never falls back silently. Pass ``client`` to reuse an openai client.
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
    }
    loaded, resolved = _prepare(article, settings, options, has_client=client is not None)
    if resolved.backend == "offline":
        return _result(loaded, resolved, _offline(loaded, resolved))
    from .extract import extract_summary
    from .llm import make_client

    own_client = client is None
    active = client or make_client(resolved)
    try:
        return _result(loaded, resolved, extract_summary(loaded, resolved, active))
    finally:
        if own_client:
            active.close()


async def asummarize(
    article: str | Path | Article,
    *,
    client: openai.AsyncOpenAI | None = None,
    settings: Settings | None = None,
    **options: Any,
) -> SummaryResult:
    """The asynchronous twin of :func:`summarize`; takes the same options."""
    loaded, resolved = _prepare(article, settings, options, has_client=client is not None)
    if resolved.backend == "offline":
        return _result(loaded, resolved, _offline(loaded, resolved))
    from .extract import aextract_summary
    from .llm import make_async_client

    own_client = client is None
    active = client or make_async_client(resolved)
    try:
        return _result(loaded, resolved, await aextract_summary(loaded, resolved, active))
    finally:
        if own_client:
            await active.close()

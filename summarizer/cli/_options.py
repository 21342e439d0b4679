"""Options shared by ``summarize`` and ``eval``: the backend, the cache, the version."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

from summarizer._version import __version__

__all__ = [
    "BACKEND_CHOICES",
    "MODE_CHOICES",
    "backend_options",
    "cache_options",
    "concurrency_option",
    "encoding_option",
    "nonempty_path",
    "nonempty_paths",
    "version_option",
]

# Kept here rather than imported from summarizer.config so that --help needs no library import.
BACKEND_CHOICES = ("openai", "local", "offline")
MODE_CHOICES = ("tools", "json_schema", "json")

F = TypeVar("F", bound=Callable[..., Any])


def backend_options(function: F) -> F:
    """The options that choose the backend and how it is asked (model, server, mode, re-asks, limits)."""
    decorators = [
        click.option(
            "--backend",
            type=click.Choice(BACKEND_CHOICES),
            help="openai (any OpenAI-compatible server), local (embedded llama.cpp) or offline (rule-based). "
            "Default: openai when a key or base URL is configured, else offline.",
        ),
        click.option(
            "--model",
            help="Model name (env SUMMARIZER_MODEL); for --backend local, a .gguf file.",
        ),
        click.option(
            "--local-model",
            type=click.Path(dir_okay=False),
            metavar="GGUF",
            help="For --backend local: a GGUF model file (default: SmolLM2-135M-Instruct, make local-model).",
        ),
        click.option(
            "--actors",
            "actor_files",
            multiple=True,
            type=click.Path(dir_okay=False),
            metavar="TSV",
            help="For --backend offline: an extra actor dictionary (repeatable; format in the README).",
        ),
        click.option(
            "--base-url",
            metavar="URL",
            help="OpenAI-compatible server, e.g. http://127.0.0.1:8080/v1 (env OPENAI_BASE_URL). "
            "The key is read from OPENAI_API_KEY only.",
        ),
        click.option(
            "--mode",
            type=click.Choice(MODE_CHOICES),
            help="How the model returns the summary: tool calls (default), JSON schema, or JSON.",
        ),
        click.option(
            "--max-reasks",
            type=click.IntRange(0),
            help="Re-asks after an invalid answer (default 2).",
        ),
        click.option(
            "--max-tokens",
            type=click.IntRange(1),
            help="Cap on the answer's tokens (default: the server's; 2048 for --backend local).",
        ),
        click.option(
            "--timeout",
            type=click.FloatRange(min=0, min_open=True),
            metavar="SECONDS",
            help="Longest wait for one request to connect, send or answer (default 120; for --backend local "
            "the answer is awaited until the deadline).",
        ),
        click.option(
            "--deadline",
            type=click.FloatRange(min=0, min_open=True),
            metavar="SECONDS",
            help="Longest time for one article, its chunks, retries and re-asks included (default 300; 900 "
            "for --backend local).",
        ),
        click.option(
            "--context-window",
            type=click.IntRange(1),
            metavar="TOKENS",
            help="The model's context window: an article whose request would not fit is read in "
            "overlapping chunks and merged (default: unknown, never split; 8192 for --backend local).",
        ),
        click.option(
            "--lenient",
            is_flag=True,
            default=None,
            help="Keep a summary whose evidence still fails after the re-asks, minus the ungrounded items.",
        ),
    ]
    for decorator in reversed(decorators):
        function = decorator(function)
    return function


def concurrency_option(function: F) -> F:
    """``--concurrency``: how many articles are summarized at once."""
    return click.option(
        "--concurrency",
        type=click.IntRange(1, 64),
        default=4,
        show_default=True,
        help="Articles summarized at once.",
    )(function)


def encoding_option(function: F) -> F:
    """``--encoding``: the articles' encoding instead of detecting it."""
    return click.option(
        "--encoding",
        metavar="NAME",
        help="Read the articles in this encoding (e.g. latin-1) instead of detecting it: by default a BOM "
        "decides UTF-8/16/32, else UTF-8, else the detected encoding (recorded in the provenance).",
    )(function)


def cache_options(function: F) -> F:
    """``--no-cache`` and ``--cache-dir``."""
    function = click.option(
        "--cache-dir",
        type=click.Path(file_okay=False),
        callback=nonempty_path,
        help="Where results are cached (env SUMMARIZER_CACHE_DIR; default: the user cache folder).",
    )(function)
    return click.option("--no-cache", is_flag=True, help="Neither read nor write the result cache.")(function)


def nonempty_path(_context: click.Context, parameter: click.Parameter, value: str | None) -> str | None:
    """A click callback refusing an empty path (``-o ""`` would otherwise mean the current folder)."""
    if value == "":
        raise click.BadParameter("an empty path names no file or folder", param=parameter)
    return value


def nonempty_paths(
    context: click.Context, parameter: click.Parameter, values: tuple[str, ...]
) -> tuple[str, ...]:
    """:func:`nonempty_path` for every value of a repeated argument (``summarize ""`` is not ``.``)."""
    for value in values:
        nonempty_path(context, parameter, value)
    return values


def version_option(function: F) -> F:
    """``--version``."""
    return click.version_option(
        __version__, "--version", prog_name="summarizer", message="%(prog)s %(version)s"
    )(function)

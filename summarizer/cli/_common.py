"""What every subcommand shares: exit codes, one-line error messages, logging, and choosing the backend.

Nothing heavy is imported at module level: ``summarizer --help`` must start fast.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import threading
import traceback
from collections.abc import Iterable, Iterator, Mapping
from enum import IntEnum
from typing import TYPE_CHECKING, Any, NoReturn

import click

from summarizer.redaction import redact

if TYPE_CHECKING:
    from summarizer.cache import CachedSummarizer
    from summarizer.config import Settings

__all__ = [
    "EXIT_CODES_HELP",
    "OFFLINE_NOTICE",
    "SEVERITY",
    "ExitCode",
    "cached_summarizer",
    "configure_logging",
    "describe",
    "exit_code_for",
    "fail",
    "fault_class",
    "most_severe",
    "report_failure",
    "reporting_errors",
    "resolve_settings",
    "warn",
    "without_label",
]


class ExitCode(IntEnum):
    """The documented exit codes of every subcommand."""

    OK = 0
    FAILURES = 1
    USAGE = 2
    CONFIGURATION = 3
    INPUT = 4
    INTERRUPTED = 130
    BROKEN_PIPE = 141


CONFIGURATION_HINTS = {
    401: "check OPENAI_API_KEY",
    403: "check OPENAI_API_KEY and its access to the model",
    404: "check --model and --base-url",
}
"""What to check when the server's answer means the configuration is wrong (errors.CONFIGURATION_STATUS)."""

EXIT_CODES_HELP = (
    "Exit codes: 0 all done; 1 the model server or the model failed (unreachable, timed out, 5xx, an invalid "
    "or cut-off answer), articles were not started, or an output could not be written; 2 usage error; 3 "
    "configuration error (backend, key, base URL, model; or the server answered 401, 403 or 404); 4 input "
    "error (missing, empty, binary, undecodable or too large article; a corpus without gold files); 130 "
    "interrupted; 141 stdout closed early. With many articles, the most severe class seen: 3, then 4, then 1."
)

SEVERITY = (ExitCode.CONFIGURATION, ExitCode.INPUT, ExitCode.FAILURES, ExitCode.OK)
"""Exit codes from the most to the least severe: a batch exits with the most severe one it saw."""

OFFLINE_NOTICE = (
    "no model is configured, so the offline extractor is in use: it is rule-based and finds less than a "
    "model does; for better summaries set OPENAI_API_KEY, or pass --base-url (or set OPENAI_BASE_URL) for an "
    "OpenAI-compatible server such as llama.cpp, Ollama or vLLM"
)

WORKER_PREFIX = "summarize"
"""The thread-name prefix of :func:`summarizer.batch.run_batch` workers."""

_SECRET_ENV = ("OPENAI_API_KEY",)
_secrets: set[str] = set()


def remember_secret(value: str | None) -> None:
    """Make sure ``value`` (an API key) is masked in every message this process prints."""
    if value and len(value) >= 4:
        _secrets.add(value)


def _redact(text: str) -> str:
    """``text`` without API keys and without the user info and query of any URL in it."""
    for name in _SECRET_ENV:
        remember_secret(os.environ.get(name))
    return redact(text, _secrets)


class _RedactingFormatter(logging.Formatter):
    """Log lines pass through the same redaction as every other message."""

    def format(self, record: logging.LogRecord) -> str:
        return _redact(super().format(record))


def warn(message: str) -> None:
    """One line on stderr, prefixed with the program name."""
    click.echo(f"summarizer: {_redact(message)}", err=True)


def describe(error: BaseException) -> str:
    """A library error as one line: its message, with how many more validation errors there were."""
    # Imported here: --help must not load the library.
    from summarizer.errors import ExtractionError, ProviderError, SummarizerError

    if isinstance(error, SummarizerError):
        text = str(error) or type(error).__name__
        if isinstance(error, ExtractionError) and len(error.errors) > 1:
            text += f" (and {len(error.errors) - 1} more validation error(s); -v shows them)"
        if isinstance(error, ProviderError) and error.status_code in CONFIGURATION_HINTS:
            text += f" ({CONFIGURATION_HINTS[error.status_code]})"
    elif isinstance(error, OSError) and error.strerror:
        text = f"{error.filename}: {error.strerror}" if error.filename else error.strerror
    else:
        text = f"internal error: {type(error).__name__}: {error}"
    return _redact(" ".join(text.split()))


def exit_code_for(error: BaseException) -> ExitCode:
    """The exit code that reports ``error``."""
    # Imported here: --help must not load the library.
    from summarizer.errors import ArticleError, ConfigurationError, EvaluationError, ProviderError

    if isinstance(error, ConfigurationError):
        return ExitCode.CONFIGURATION
    if isinstance(error, ProviderError) and error.misconfigured:
        return ExitCode.CONFIGURATION
    if isinstance(error, ArticleError | EvaluationError):  # a corpus without (valid) gold files is an input
        return ExitCode.INPUT
    return ExitCode.FAILURES


def most_severe(codes: Iterable[ExitCode]) -> ExitCode:
    """The most severe of ``codes`` (:data:`SEVERITY`); ``OK`` for none."""
    seen = set(codes)
    return next((code for code in SEVERITY if code in seen), ExitCode.OK)


def fault_class(error: BaseException) -> str:
    """The name of ``error``'s fault class, as the closing tally counts it (``"provider error"``)."""
    # Imported here: --help must not load the library.
    from summarizer.errors import ExtractionError, ProviderError, TruncatedOutputError

    code = exit_code_for(error)
    if code == ExitCode.CONFIGURATION:
        return "configuration error"
    if code == ExitCode.INPUT:
        return "input error"
    if isinstance(error, ProviderError):
        return "provider error"
    if isinstance(error, ExtractionError):
        return "invalid answer"
    if isinstance(error, TruncatedOutputError):
        return "cut-off answer"
    if isinstance(error, OSError):
        return "output error"
    return "internal error"


def without_label(message: str, label: str) -> str:
    """``message`` without a leading ``label: `` (library errors about a file start with its name)."""
    return message.removeprefix(f"{label}: ")


def report_failure(label: str, error: BaseException) -> ExitCode:
    """Say on stderr that the article ``label`` failed and why (one line); the exit code that reports it."""
    warn(f"failed: {label}: {without_label(describe(error), label)}")
    return exit_code_for(error)


def fail(error: BaseException, *, verbose: int, label: str | None = None) -> NoReturn:
    """Report ``error`` on one line (with the traceback under ``--verbose``) and exit with its code."""
    if verbose:
        detail = "".join(traceback.format_exception(error))
        click.echo(_redact(detail.rstrip()), err=True)
        errors = getattr(error, "errors", None)
        if isinstance(errors, list) and errors:
            click.echo("validation errors:\n  " + _redact("\n  ".join(map(str, errors))), err=True)
    message = describe(error)
    if label and not message.startswith(label):
        message = f"{label}: {message}"
    warn(f"error: {message}")
    raise SystemExit(exit_code_for(error))


@contextlib.contextmanager
def reporting_errors(verbose: int) -> Iterator[None]:
    """Turn library errors raised inside the block into one line on stderr and an exit code."""
    # Imported here: --help must not load the library.
    from summarizer.errors import SummarizerError

    try:
        yield
    except SummarizerError as error:
        fail(error, verbose=verbose)
    except (click.ClickException, click.exceptions.Exit, click.Abort):
        raise
    except KeyboardInterrupt:
        warn("interrupted; a re-run continues where this one stopped (finished articles are cached)")
        _exit_now_if_calls_pending(ExitCode.INTERRUPTED)
        raise SystemExit(ExitCode.INTERRUPTED) from None
    except BrokenPipeError:  # the reader of stdout left (e.g. `| head`): stop quietly, like a killed `cat`
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        _exit_now_if_calls_pending(ExitCode.BROKEN_PIPE)
        raise SystemExit(ExitCode.BROKEN_PIPE) from None
    except Exception as error:  # a bug: still one line, the traceback only with -v
        fail(error, verbose=verbose)


def _exit_now_if_calls_pending(code: ExitCode) -> None:
    """Leave at once when batch workers are still waiting on the model: joining them could take minutes."""
    if any(t.name.startswith(WORKER_PREFIX) and t.is_alive() for t in threading.enumerate()):
        with contextlib.suppress(OSError, ValueError):
            sys.stdout.flush()
        with contextlib.suppress(OSError, ValueError):
            sys.stderr.flush()
        os._exit(code)


@contextlib.contextmanager
def configure_logging(verbose: int) -> Iterator[None]:
    """Send the library's log records to stderr for the duration of a command: warnings, or more with -v."""
    logger = logging.getLogger("summarizer")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_RedactingFormatter("summarizer: %(levelname)s: %(message)s"))
    saved = (logger.level, logger.propagate)
    logger.addHandler(handler)
    logger.setLevel(logging.WARNING if verbose == 0 else logging.INFO if verbose == 1 else logging.DEBUG)
    logger.propagate = False
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(saved[0])
        logger.propagate = saved[1]


def resolve_settings(
    *,
    backend: str | None,
    model: str | None,
    base_url: str | None,
    local_model: str | None = None,
    environ: Mapping[str, str] | None = None,
    **options: Any,
) -> tuple[Settings, str | None]:
    """Settings for a command, and the notice to print when the CLI chose the backend itself.

    An explicit backend wins; otherwise a key or a base URL (option or environment) or an explicit model
    selects ``openai`` (and the library says what is missing); with nothing configured the offline extractor
    is used, and the notice says so.
    """
    # Imported here: --help must not load the library.
    from summarizer.config import Settings

    env = os.environ if environ is None else environ
    notice = None
    configured = local_model or base_url or model or env.get("OPENAI_API_KEY") or env.get("OPENAI_BASE_URL")
    if backend is None and not configured:
        backend, notice = "offline", OFFLINE_NOTICE
    settings = Settings.resolve(
        env,
        backend=backend,
        model=model,
        base_url=base_url,
        local_model=local_model,
        **options,
    )
    remember_secret(settings.api_key)
    return settings, notice


def cached_summarizer(options: dict[str, Any]) -> CachedSummarizer:
    """The backend the command's options choose, behind the result cache unless ``--no-cache``."""
    # Imported here: --help must not load the library.
    from summarizer.backends import create_backend
    from summarizer.cache import CachedSummarizer, ResultCache

    options = dict(options)
    no_cache, cache_dir = options.pop("no_cache"), options.pop("cache_dir")
    settings, notice = resolve_settings(**options)
    if notice:
        warn(notice)
    backend = create_backend(settings)
    return CachedSummarizer(backend, cache=None if no_cache else ResultCache(cache_dir))

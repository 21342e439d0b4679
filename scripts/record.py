"""Re-record the replayed cassettes from a real model server (``make record``); never edit a cassette by hand.

By default this starts the embedded llama.cpp server (``summarizer.local``, needs ``pip install
summarizer[local]`` and ``make local-model``) and records, into ``cassettes/test_cassettes/``:

- every seed article that has a gold file, end to end (tools mode, bounded ``--max-tokens`` and
  ``--max-reasks``: a full run of 12 articles took about 5 minutes on two cores);
- for the seed article: tools mode cut short by ``max_tokens``, JSON mode cut short (a truncation error),
  JSON-schema mode (which the server rejects), and a prompt larger than a deliberately small context window.

Whatever the model answers is what gets recorded. Each recording is then replayed offline at once, and the
outcome of every case (summary, extraction error, truncation, provider error) is written to
``cassettes/test_cassettes/recorded.json``, from which ``tests/test_cassettes.py`` takes its cases and checks.
A lenient run of each article is derived by replaying its recording with ``lenient=True`` (the requests are
the same; only what the library does with the answers differs), and kept as a case when its outcome differs.

With ``OPENAI_API_KEY`` set (or ``--backend openai``) the article cases are recorded against OpenAI
(``gpt-4o-mini``) instead; the local-server cases keep their recordings. ``--only NAME`` re-records only
the named cases, e.g. the article a change adds.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import httpx2  # noqa: E402
from vcr import VCR  # noqa: E402

from summarizer import (  # noqa: E402
    ExtractionError,
    ProviderError,
    Settings,
    TruncatedOutputError,
    summarize,
)
from summarizer.llm import make_client  # noqa: E402
from tests.vcr_setup import (  # noqa: E402
    CASSETTE_ROOT,
    DUMMY_API_KEY,
    LOCAL_SERVER_PLACEHOLDER,
    register_matchers,
    vcr_options,
)

CASSETTE_DIR = CASSETTE_ROOT / "test_cassettes"
MANIFEST = CASSETTE_DIR / "recorded.json"
SEEDS = ROOT / "seeds"
SEED = "trump-putin-call-2025-03"
SMALL_CONTEXT_WINDOW = 512
OPENAI_MODEL = "gpt-4o-mini"


@dataclass
class Case:
    """One recording: an article, the options it is summarized with, and the server it needs."""

    name: str
    article: str
    options: dict[str, Any]
    context_window: int | None = None  # a local server with this context window; None: the default one
    local_only: bool = False
    derived: list[Case] = field(default_factory=list)  # replays of this recording with other options

    @property
    def cassette(self) -> str:
        """The cassette file's name without ``.yaml``."""
        return self.name


def article_cases(max_tokens: int, max_reasks: int) -> list[Case]:
    """Every seed article with a gold file, end to end, plus its lenient replay."""
    cases = []
    for gold in sorted(SEEDS.glob("*.gold.json")):
        name = gold.name.removesuffix(".gold.json")
        options = {"mode": "tools", "max_reasks": max_reasks, "max_tokens": max_tokens}
        case = Case(name, name, options)
        case.derived.append(Case(f"{name}.lenient", name, {**options, "lenient": True}))
        cases.append(case)
    return cases


def local_server_cases() -> list[Case]:
    """The seed article under conditions that only the local server shows cheaply."""
    return [
        Case(
            f"{SEED}.tools-cut-short",
            SEED,
            {"mode": "tools", "max_reasks": 0, "max_tokens": 48},
            local_only=True,
        ),
        Case(
            f"{SEED}.json-cut-short",
            SEED,
            {"mode": "json", "max_reasks": 0, "max_tokens": 8},
            local_only=True,
        ),
        Case(
            f"{SEED}.json-schema-rejected",
            SEED,
            {"mode": "json_schema", "max_reasks": 0, "max_tokens": 48, "transport_attempts": 1},
            local_only=True,
        ),
        Case(
            f"{SEED}.context-overflow",
            SEED,
            {"mode": "tools", "max_reasks": 0, "max_tokens": 256},
            context_window=SMALL_CONTEXT_WINDOW,
            local_only=True,
        ),
    ]


def outcome_of(article: Path, settings: Settings, client: Any = None) -> dict[str, Any]:
    """Summarize ``article`` and describe what came out, as the manifest stores it."""
    try:
        result = summarize(article, settings=settings, client=client)
    except ExtractionError as error:
        return {
            "kind": "ExtractionError",
            "attempts": error.attempts,
            "errors": error.errors,
            "usage": error.usage.model_dump(),
        }
    except TruncatedOutputError as error:
        return {"kind": "TruncatedOutputError", "usage": error.usage.model_dump()}
    except ProviderError as error:
        return {
            "kind": "ProviderError",
            "status_code": error.status_code,
            "retryable": error.retryable,
            "message": str(error),
            "usage": error.usage.model_dump(),
        }
    return {
        "kind": "summary",
        "dropped": [item.path for item in result.dropped],
        "is_negotiation": result.summary.is_negotiation,
        "usage": result.usage.model_dump(),
    }


def _vcr() -> VCR:
    vcr = VCR(cassette_library_dir=str(CASSETTE_DIR), path_transformer=VCR.ensure_suffix(".yaml"))
    register_matchers(vcr)
    return vcr


def _settings(case: Case, base_url: str | None, model: str, api_key: str) -> Settings:
    options = dict(case.options)
    return Settings(
        backend="openai",
        base_url=base_url,
        api_key=api_key,
        model=model,
        timeout=1800.0,
        deadline=3600.0,  # a small model on two busy cores may take minutes per answer
        transport_attempts=options.pop("transport_attempts", 4),
        **options,
    )


@contextlib.contextmanager
def _timed_client(settings: Settings, timings: list[float]) -> Iterator[Any]:
    """The library's own client, with a clock on every HTTP exchange."""
    client = make_client(settings)
    started: list[float] = []
    http_client: httpx2.Client = client._client  # the SDK's httpx client: only to time requests
    http_client.event_hooks = {
        "request": [lambda request: started.append(time.monotonic())],
        "response": [lambda response: timings.append(time.monotonic() - started[-1])],
    }
    try:
        yield client
    finally:
        client.close()


def record(case: Case, base_url: str | None, model: str, api_key: str) -> dict[str, dict[str, Any] | None]:
    """Record one case, replay it (and its derived cases) offline, and describe all of them."""
    path = CASSETTE_DIR / f"{case.cassette}.yaml"
    path.unlink(missing_ok=True)
    settings = _settings(case, base_url, model, api_key)
    article = SEEDS / f"{case.article}.txt"
    timings: list[float] = []
    started = time.monotonic()
    with (
        _vcr().use_cassette(path.name, record_mode="all", **vcr_options()),
        _timed_client(settings, timings) as client,
    ):
        recorded = outcome_of(article, settings, client)
    seconds = time.monotonic() - started
    entries: dict[str, dict[str, Any] | None] = {
        case.name: _entry(case, recorded, base_url, model, seconds, timings)
    }
    for stale in case.derived:
        entries[stale.name] = None  # dropped from the manifest unless the replay below keeps it
    for replayed in [case, *case.derived]:
        replay_settings = _settings(replayed, _replay_base_url(base_url), model, DUMMY_API_KEY)
        with _vcr().use_cassette(path.name, record_mode="none", **vcr_options()) as cassette:
            outcome = outcome_of(article, replay_settings)
            if not cassette.all_played:
                raise SystemExit(f"{replayed.name}: the replay left recorded interactions unplayed")
        if replayed is case:
            if outcome != recorded:
                raise SystemExit(f"{case.name}: replay gave {outcome}, the recording {recorded}")
        elif outcome != recorded:
            entries[replayed.name] = _entry(
                replayed, outcome, base_url, model, None, None, cassette=case.cassette
            )
    return entries


def _replay_base_url(base_url: str | None) -> str | None:
    return f"{LOCAL_SERVER_PLACEHOLDER}/v1" if base_url is not None else None


def _entry(
    case: Case,
    outcome: dict[str, Any],
    base_url: str | None,
    model: str,
    seconds: float | None,
    timings: list[float] | None,
    cassette: str | None = None,
) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "cassette": cassette or case.cassette,
        "article": f"{case.article}.txt",
        "settings": {
            "backend": "openai",
            "base_url": _replay_base_url(base_url),
            "model": model,
            **case.options,
        },
        "outcome": outcome,
    }
    if seconds is not None:
        entry["recording_seconds"] = round(seconds, 1)
    if timings:
        entry["request_seconds"] = [round(value, 1) for value in timings]
    return entry


def _print(name: str, entry: dict[str, Any]) -> None:
    outcome = entry["outcome"]
    usage = outcome["usage"]
    if outcome["kind"] == "summary":
        detail = f"negotiation {outcome['is_negotiation']}, dropped {len(outcome['dropped'])}"
    elif outcome["kind"] == "ExtractionError":
        detail = f"{outcome['attempts']} attempts; {outcome['errors'][0][:100]!r}"
    elif outcome["kind"] == "ProviderError":
        detail = f"HTTP {outcome['status_code']}"
    else:
        detail = "cut at max_tokens"
    seconds = entry.get("recording_seconds", "replay")
    print(
        f"{name:55} {outcome['kind']:20} {seconds!s:>7} s  calls {usage['calls']}"
        f"  prompt {usage['prompt_tokens']:>6}  completion {usage['completion_tokens']:>5}"
        f"  per request {entry.get('request_seconds', '')}  {detail}",
        flush=True,
    )


def main(argv: list[str] | None = None) -> int:
    """Record the cases and rewrite the manifest."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--backend", choices=("local", "openai"), help="default: openai if OPENAI_API_KEY is set, else local"
    )
    parser.add_argument("--max-tokens", type=int, help="default: 1500 (local), 4000 (openai)")
    parser.add_argument("--max-reasks", type=int, default=1)
    parser.add_argument("--only", action="append", default=[], metavar="NAME", help="record only these cases")
    args = parser.parse_args(argv)
    args.backend = args.backend or ("openai" if os.environ.get("OPENAI_API_KEY") else "local")
    args.max_tokens = args.max_tokens or (4000 if args.backend == "openai" else 1500)
    print(f"recording from {args.backend} (max_tokens {args.max_tokens}, max_reasks {args.max_reasks})")

    cases = article_cases(args.max_tokens, args.max_reasks)
    if args.backend == "local":
        cases += local_server_cases()
    if args.only:
        unknown = set(args.only) - {case.name for case in cases}
        if unknown:
            parser.error(f"unknown cases: {', '.join(sorted(unknown))}")
        cases = [case for case in cases if case.name in args.only]

    CASSETTE_DIR.mkdir(parents=True, exist_ok=True)
    manifest: dict[str, Any] = json.loads(MANIFEST.read_text(encoding="utf-8")) if MANIFEST.exists() else {}
    entries: dict[str, Any] = manifest.get("cases", {})
    if not args.only:
        # A full run starts afresh (an article removed from seeds/ loses its case); recording the articles
        # from OpenAI keeps the cases only the local server can record.
        local_only = {case.name for case in local_server_cases()}
        entries = {
            name: entry for name, entry in entries.items() if args.backend == "openai" and name in local_only
        }
    if args.backend == "openai":
        api_key = os.environ.get("OPENAI_API_KEY")
        if not api_key:
            parser.error("--backend openai needs OPENAI_API_KEY")
        for case in cases:
            entries.update(record(case, None, OPENAI_MODEL, api_key))
            _print(case.name, entries[case.name])
    else:
        _record_locally(cases, entries)
    kept = {name: entry for name, entry in sorted(entries.items()) if entry is not None}
    manifest = {"about": _about(args), "cases": kept}
    MANIFEST.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {MANIFEST.relative_to(ROOT)} ({len(kept)} cases)")
    used = {f"{entry['cassette']}.yaml" for entry in kept.values()}
    for unused in sorted(set(CASSETTE_DIR.glob("*.yaml")) - {CASSETTE_DIR / name for name in used}):
        unused.unlink()
        print(f"removed {unused.relative_to(ROOT)}: no case uses it")
    return 0


def _record_locally(cases: list[Case], entries: dict[str, Any]) -> None:
    from summarizer.local import LocalServer, default_model_path

    model_path = default_model_path()
    if model_path is None:
        raise SystemExit("no local model: run `make local-model`")
    by_window: dict[int | None, list[Case]] = {}
    for case in cases:
        by_window.setdefault(case.context_window, []).append(case)
    for window, group in by_window.items():
        server = LocalServer(model_path) if window is None else LocalServer(model_path, context_window=window)
        with server:
            print(
                f"server {server.model_alias} n_ctx {server.context_window}:"
                f" ready in {server.startup_seconds:.2f} s"
            )
            for case in group:
                recorded = record(case, server.base_url, server.model_alias, DUMMY_API_KEY)
                entries.update(recorded)
                for name, entry in recorded.items():
                    if entry is not None:
                        _print(name, entry)


def _about(args: argparse.Namespace) -> dict[str, Any]:
    import importlib.metadata

    about: dict[str, Any] = {
        "command": " ".join(["python scripts/record.py", *sys.argv[1:]]),
        "backend": args.backend,
        "recorded": time.strftime("%Y-%m-%d"),
    }
    if args.backend == "local":
        from summarizer.backends import create_backend
        from summarizer.config import Settings as _Settings

        about["llama_cpp_python"] = importlib.metadata.version("llama-cpp-python")
        local = create_backend(_Settings(backend="local", local_model=_default_model()))
        about["model"] = local.fingerprint()["local_model"]
    return about


def _default_model() -> str:
    from summarizer.local import default_model_path

    path = default_model_path()
    return str(path) if path else ""


if __name__ == "__main__":
    raise SystemExit(main())

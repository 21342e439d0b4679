"""Fixtures for CLI tests: a scripted model server, a small corpus, and a runner for the real entry point."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from summarizer.cli import cli
from tests.scripted import SEED_ARTICLE

from .server import OpenAIServer, gold_responder


@pytest.fixture
def server() -> Iterator[OpenAIServer]:
    """A scripted OpenAI-compatible server answering with the seed's gold summary."""
    running = OpenAIServer(gold_responder())
    running.responder = gold_responder(running.release)
    with running:
        yield running


def write_article(path: Path, marker: str = "", *, copy: int = 0) -> Path:
    """The seed article with a line appended (a distinct text its gold summary still grounds in)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    extra = f"\nEditor's note {copy}: this copy is kept for testing. {marker}".rstrip()
    path.write_text(SEED_ARTICLE.read_text(encoding="utf-8") + extra, encoding="utf-8")
    return path


class Invoke:
    """Runs ``summarizer`` in-process through click's runner, against a server, with a private cache."""

    def __init__(self, tmp_path: Path) -> None:
        self.cache_dir = tmp_path / "cache"

    def __call__(
        self,
        args: Sequence[str],
        *,
        input: bytes | str | None = None,
        env: dict[str, str | None] | None = None,
        cache: bool = True,
    ) -> Result:
        extra = ["--cache-dir", str(self.cache_dir)] if cache and args and args[0] == "summarize" else []
        runner = CliRunner()
        return runner.invoke(cli, [*args, *extra], input=input, env=env, catch_exceptions=False)


@pytest.fixture
def invoke(tmp_path: Path) -> Invoke:
    """A runner of the real CLI entry point with a per-test cache folder."""
    return Invoke(tmp_path)

"""Fixtures for CLI tests: a scripted model server, a small corpus, and a runner for the real entry point."""

from __future__ import annotations

import copy
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from summarizer.cli import cli
from summarizer.testing import Answer, ChatRequest, ScriptedModel, ScriptedServer, hang
from tests.scripted import SEED_ARTICLE, gold_answer

BROKEN = "BROKEN-ARTICLE"
"""An article containing this marker gets an answer whose quote is not in the article."""
SLOW = "SLOW-ARTICLE"
"""An article containing this marker gets no answer until the server is released."""


def seed_gold_or_marked() -> ScriptedModel:
    """Answers every article with the seed's gold summary (valid for the seed and copies with lines appended).

    Articles marked :data:`BROKEN` get an ungrounded quote; :data:`SLOW` ones hang until released.
    """
    gold = gold_answer()
    broken = copy.deepcopy(gold)
    broken["parties"][0]["evidence"][0]["quote"] = "words that stand nowhere in this article"

    def respond(request: ChatRequest) -> Answer:
        if SLOW in request.user_text:
            return hang(then=gold)
        return broken if BROKEN in request.user_text else gold

    return ScriptedModel.always(respond)


@pytest.fixture
def server() -> Iterator[ScriptedServer]:
    """A scripted OpenAI-compatible server answering with the seed's gold summary."""
    with ScriptedServer(seed_gold_or_marked()) as running:
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
        extra = (
            ["--cache-dir", str(self.cache_dir)]
            if cache and args and args[0] in ("summarize", "track")
            else []
        )
        runner = CliRunner()
        return runner.invoke(cli, [*args, *extra], input=input, env=env, catch_exceptions=False)


@pytest.fixture
def invoke(tmp_path: Path) -> Invoke:
    """A runner of the real CLI entry point with a per-test cache folder."""
    return Invoke(tmp_path)

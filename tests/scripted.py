"""Test-only helpers around :mod:`summarizer.testing`: the corpus, gold answers, a fast-retrying client."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx2
import openai

from summarizer.config import Settings
from summarizer.llm import RetryingTransport, RetryPolicy
from summarizer.testing import ScriptedModel, model_answer

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SEED_ARTICLE = SEEDS / "trump-putin-call-2025-03.txt"
TEST_API_KEY = "test-key-not-secret"
FAST_RETRIES = RetryPolicy(attempts=3, initial_wait=0.0, max_wait=2.0, max_backoff=0.0)


def gold_answer(name: str = "trump-putin-call-2025-03") -> dict[str, Any]:
    """A gold summary as the model would write it: without the spans grounding adds."""
    return model_answer(json.loads((SEEDS / f"{name}.gold.json").read_text(encoding="utf-8")))


def client_for(model: ScriptedModel, policy: RetryPolicy = FAST_RETRIES) -> openai.OpenAI:
    """An openai client whose HTTP goes to ``model`` beneath the library's retry policy, without waits."""
    http_client = httpx2.Client(transport=RetryingTransport(model.transport(), policy))
    return openai.OpenAI(
        api_key=TEST_API_KEY, base_url="http://127.0.0.1:9/v1", max_retries=0, http_client=http_client
    )


def settings(**changes: Any) -> Settings:
    """Settings for the openai backend pointed at the scripted model."""
    values: dict[str, Any] = {"backend": "openai", "base_url": "http://127.0.0.1:9/v1", "model": "test-model"}
    values.update(changes)
    return Settings(**values)

"""Prompt templates render, and the prompt version follows their content."""

from __future__ import annotations

from pathlib import Path
from typing import get_args

import pytest

from summarizer import prompts
from summarizer.article import load_article
from summarizer.schema import Party

from .scripted import SEED_ARTICLE


def test_every_template_renders_with_the_numbered_article() -> None:
    article = load_article(SEED_ARTICLE)
    system, user = prompts.build_messages(article)
    assert system["role"] == "system"
    assert "evidence" in system["content"]
    assert not any(f"${name}" in user["content"] for name in ("metadata", "article", "sentence_count"))
    assert f"({len(article.sentences)} sentences)" in user["content"]
    assert user["content"].endswith(article.numbered())


def test_prompt_version_changes_when_a_template_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in prompts.TEMPLATE_NAMES:
        (tmp_path / name).write_text(prompts.load_template(name), encoding="utf-8")
    before = prompts.prompt_version()
    monkeypatch.setattr(prompts, "_prompt_dir", lambda: tmp_path)
    prompts.load_template.cache_clear()
    prompts.prompt_version.cache_clear()
    try:
        assert prompts.prompt_version() == before
        (tmp_path / "system.txt").write_text(
            prompts.load_template("system.txt") + "\nBe brief.", encoding="utf-8"
        )
        prompts.load_template.cache_clear()
        prompts.prompt_version.cache_clear()
        assert prompts.prompt_version() != before
        assert prompts.prompt_version().startswith(prompts.PROMPT_SERIES + "-")
    finally:
        prompts.load_template.cache_clear()
        prompts.prompt_version.cache_clear()


def test_the_rules_name_schema_2s_roles_and_joint_plans() -> None:
    system = prompts.load_template("system.txt")
    roles = get_args(Party.model_fields["role"].annotation)
    assert {"side", "mediator", "guarantor", "observer"} <= set(roles)
    assert all(role in system for role in roles if role != "other")
    assert "joint or multi-issue plan is one proposal" in system
    assert "Answers to a demand go in its responses" in system
    assert prompts.PROMPT_SERIES == "3"

"""scripts/upgrade_golds.py: a schema-1 gold becomes a grounded schema-2 gold; a rerun changes nothing."""

from __future__ import annotations

import importlib.util
import json
import shutil
from pathlib import Path
from types import ModuleType

import pytest

from summarizer.article import load_article
from summarizer.gold import validate_gold

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "trump-putin-call-2025-03.txt"
V1_GOLD = Path(__file__).resolve().parent / "fixtures" / "schema1" / "trump-putin-call-2025-03.gold.json"


@pytest.fixture(scope="module")
def script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("upgrade_golds", ROOT / "scripts" / "upgrade_golds.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_schema_1_gold_is_upgraded_once(
    script: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    article = tmp_path / SEED.name
    shutil.copy(SEED, article)
    gold = tmp_path / V1_GOLD.name
    shutil.copy(V1_GOLD, gold)
    assert script.main([str(article)]) == 0
    upgraded = json.loads(gold.read_text(encoding="utf-8"))
    assert all("proposer" not in p and "issue" not in p for p in upgraded["proposals"])
    assert [p["proposers"] for p in upgraded["proposals"]] == [["united-states"]]
    assert {party["role"] for party in upgraded["parties"]} == {"side"}
    assert upgraded["agreements"] == []
    assert upgraded == validate_gold(upgraded, load_article(article)).model_dump(mode="json")
    before = gold.read_bytes()
    assert script.main([str(gold)]) == 0
    assert gold.read_bytes() == before
    assert capsys.readouterr().out.splitlines()[-1].endswith("already schema 2")


def test_a_gold_that_does_not_ground_is_reported(script: ModuleType, tmp_path: Path) -> None:
    article = tmp_path / SEED.name
    shutil.copy(SEED, article)
    data = json.loads(V1_GOLD.read_text(encoding="utf-8"))
    data["parties"][0]["evidence"][0]["quote"] = "words that are nowhere in the article"
    gold = tmp_path / V1_GOLD.name
    gold.write_text(json.dumps(data), encoding="utf-8")
    assert script.main([str(gold)]) == 1
    assert json.loads(gold.read_text(encoding="utf-8")) == data, "a failed upgrade writes nothing"

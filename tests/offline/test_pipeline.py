"""The parser under the rules: found through the installed distribution, verified, loaded once; without it,
a configuration error that says both ways to get going."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from summarizer.errors import ConfigurationError
from summarizer.offline import pipeline

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "trump-putin-call-2025-03.txt"


def test_the_model_folder_comes_from_the_distribution_file_list() -> None:
    folder = pipeline.model_folder()
    assert (folder / "config.cfg").is_file()
    assert (folder / "meta.json").is_file()
    assert "__init__.py" not in {p.name for p in folder.iterdir()}  # a data folder, not the package's code


def test_a_changed_model_file_is_refused(tmp_path: Path) -> None:
    folder = pipeline._data_folder(pipeline.REPACK)
    if folder is None:
        pytest.skip("the PyPI repack is not the installed model")
    copy = tmp_path / folder.name
    shutil.copytree(folder, copy, ignore=shutil.ignore_patterns("__pycache__", "model", "vectors"))
    ignored = [p.relative_to(folder) for p in folder.rglob("*") if p.name in ("model", "vectors")]
    for name in ignored:
        (copy / name).write_bytes(b"not the pinned weights")
    with pytest.raises(ConfigurationError, match="checksum differs"):
        pipeline._verify(copy)
    (copy / "extra.bin").write_bytes(b"")
    with pytest.raises(ConfigurationError, match="not the pinned"):
        pipeline._verify(copy)


def test_without_a_model_the_error_names_both_ways(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline, "_data_folder", lambda distribution: None)
    with pytest.raises(ConfigurationError) as raised:
        pipeline.model_folder()
    message = str(raised.value)
    assert "pip install 'summarizer[offline]'" in message
    assert "OPENAI_API_KEY" in message
    assert "--base-url" in message


def test_the_pipeline_is_loaded_once_for_all_threads() -> None:
    seen: list[object] = []
    threads = [threading.Thread(target=lambda: seen.append(pipeline.load_pipeline())) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len({id(nlp) for nlp in seen}) == 1
    assert "ner" in seen[0].pipe_names  # type: ignore[attr-defined]
    assert not {"senter", "lemmatizer", "attribute_ruler"} & set(seen[0].pipe_names)  # type: ignore[attr-defined]


def test_the_models_multiply_with_numpy_on_one_blas_thread_while_parsing() -> None:
    from threadpoolctl import threadpool_info

    nlp = pipeline.load_pipeline()
    layers = [node for _, pipe in nlp.pipeline for node in pipe.model.walk()]  # type: ignore[attr-defined]
    with_blis = [node.name for node in layers if node.ops.use_blis]
    # spaCy builds the parser's and recogniser's output layer on its own ops (its C loop multiplies there).
    assert with_blis == ["linear", "linear"]
    before = [pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"]
    seen: list[list[int]] = []

    def spy(texts: object, batch_size: int) -> list[object]:
        seen.append([pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"])
        return []

    original = nlp.pipe
    nlp.pipe = spy  # type: ignore[method-assign]
    try:
        pipeline.parse(["The talks resumed on Monday."])
    finally:
        nlp.pipe = original  # type: ignore[method-assign]
    assert seen == [[1] * len(before)]
    assert [pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"] == before


def test_cue_lemmas_cover_every_inflection() -> None:
    forms = pipeline.verb_lemmas({"say", "tell", "add", "note", "write", "criticize", "reply"})
    for form, lemma in [
        ("said", "say"),
        ("saying", "say"),
        ("told", "tell"),
        ("telling", "tell"),
        ("adding", "add"),
        ("noting", "note"),
        ("wrote", "write"),
        ("written", "write"),
        ("criticized", "criticize"),
        ("replied", "reply"),
        ("replies", "reply"),
    ]:
        assert forms[form] == lemma


_WITHOUT_SPACY = """
import sys
class Block:
    def find_spec(self, name, path=None, target=None):
        if name == "spacy" or name.startswith("spacy."):
            raise ImportError("No module named 'spacy'")
        return None
sys.meta_path.insert(0, Block())
from summarizer.cli import main
main(["summarize", sys.argv[1]])
"""


def test_the_cli_without_spacy_exits_with_the_configuration_error() -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("OPENAI_API_KEY", "OPENAI_BASE_URL")}
    done = subprocess.run(
        [sys.executable, "-c", _WITHOUT_SPACY, str(SEED)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )
    assert done.returncode == 3, done.stderr
    assert "pip install 'summarizer[offline]'" in done.stderr
    assert "OPENAI_API_KEY" in done.stderr
    assert "Traceback" not in done.stderr

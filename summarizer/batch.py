"""Running many articles: inputs collected, a scheduler (:func:`run_batch`), atomic outputs.

:func:`collect_inputs` turns files, folders (every ``*.txt`` below, recursively) and ``-`` (standard input)
into :class:`BatchInput` items whose ``relative`` path mirrors the input tree, so outputs never collide.
:func:`run_batch` (in :mod:`summarizer._scheduler`) summarizes them through one summarizer with bounded
concurrency, failures collected and a token budget. Outcomes reach a callback, where :class:`DirectoryWriter`
and :class:`JsonlWriter` write them atomically: a temporary file in the target folder, then a rename, so an
interrupted run never leaves a half-written output.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path, PurePath
from typing import BinaryIO

from ._decode import decode_article, read_capped
from ._scheduler import BatchReport, Outcome, run_batch
from ._tempfiles import open_temporary
from .article import Article, load_article
from .errors import ArticleError
from .result import SummaryResult

__all__ = [
    "BatchInput",
    "BatchReport",
    "DirectoryWriter",
    "JsonlWriter",
    "Outcome",
    "atomic_write_text",
    "collect_inputs",
    "output_paths",
    "read_stdin_article",
    "run_batch",
]

STDIN = "-"
STDIN_LABEL = "<stdin>"
SKIPPED_SUFFIXES = (".meta.json", ".gold.json")


@dataclass(frozen=True)
class BatchInput:
    """One article to summarize: its label, the relative path its output mirrors, and where to read it."""

    label: str
    relative: PurePath
    path: Path | None = None
    text: str | None = None
    encoding: str | None = None
    """The encoding to read ``path`` in (``None``: detect it); for ``text``, the one it was read in."""

    def load(self) -> Article:
        """Read and segment the article; :class:`ArticleError` if it is not usable."""
        if self.path is not None:
            return load_article(self.path, encoding=self.encoding)
        return Article.from_text(self.text or "", encoding=self.encoding or "utf-8")


def read_stdin_article(stream: BinaryIO, encoding: str | None = None) -> tuple[str, str]:
    """Standard input's text and encoding, read with the byte cap and the same checks as a file."""
    text, used = decode_article(read_capped(stream, STDIN_LABEL), STDIN_LABEL, encoding)
    if not text.strip():
        raise ArticleError(f"{STDIN_LABEL}: is empty")
    return text, used


def collect_inputs(
    paths: Sequence[str | Path], *, stdin: BinaryIO | None = None, encoding: str | None = None
) -> list[BatchInput]:
    """Expand files, folders and ``-`` into articles, each with a relative path unique within the batch.

    Folders contribute every ``*.txt`` below them (hidden files and folders excepted), in sorted order.
    Sidecars (``*.meta.json``, ``*.gold.json``) are skipped even when named. Relative paths are taken from the
    deepest folder common to all inputs, so ``a/report.txt`` and ``b/report.txt`` stay apart. ``-`` reads
    ``stdin`` at once (and refuses it as soon as it passes the size limit); ``encoding`` overrides detection.
    """
    if not paths:
        raise ArticleError("no input given: name article files, folders, or - for standard input")
    found: list[tuple[Path, Path]] = []  # (file, the folder its relative path starts from)
    stdin_text: tuple[str, str] | None = None
    for raw in paths:
        if str(raw) == STDIN:
            if stdin_text is not None:
                raise ArticleError("standard input (-) is named twice")
            stdin_text = read_stdin_article(stdin if stdin is not None else io.BytesIO(), encoding)
            continue
        path = Path(raw)
        if path.is_dir():
            articles = sorted(
                file
                for file in path.rglob("*.txt")
                if file.is_file() and not any(part.startswith(".") for part in file.relative_to(path).parts)
            )
            if not articles:
                raise ArticleError(f"{path}: no *.txt articles in this folder")
            found.extend((file, path) for file in articles)
        elif path.is_file():
            if not path.name.endswith(SKIPPED_SUFFIXES):
                found.append((path, path.parent))
        elif path.exists():
            raise ArticleError(f"{path}: not a regular file or folder")
        else:
            raise ArticleError(f"{path}: no such file or folder")
    inputs = _with_relative_paths(found, encoding)
    if stdin_text is not None:
        text, used = stdin_text
        inputs.append(BatchInput(STDIN_LABEL, PurePath("stdin.txt"), text=text, encoding=used))
    if not inputs:
        raise ArticleError(
            "no articles to summarize: only sidecar files (*.meta.json, *.gold.json) were named"
        )
    return inputs


def _with_relative_paths(found: list[tuple[Path, Path]], encoding: str | None) -> list[BatchInput]:
    if not found:
        return []
    seen: set[str] = set()
    unique: list[tuple[Path, str, str]] = []
    for file, root in found:
        absolute = os.path.abspath(file)
        if absolute not in seen:
            seen.add(absolute)
            unique.append((file, absolute, os.path.abspath(root)))
    common = os.path.commonpath([root for _, _, root in unique])
    return [
        BatchInput(str(file), PurePath(os.path.relpath(absolute, common)), path=file, encoding=encoding)
        for file, absolute, _ in unique
    ]


def output_paths(inputs: Sequence[BatchInput], directory: Path, extension: str) -> list[Path]:
    """Where each input's output goes: its relative path under ``directory`` with ``extension``."""
    planned = [directory / item.relative.with_suffix(extension) for item in inputs]
    counts: dict[Path, int] = {}
    for path in planned:
        counts[path] = counts.get(path, 0) + 1
    # Two inputs that differ only in suffix (notes.txt, notes.text) keep their full names.
    return [
        directory / f"{item.relative}{extension}" if counts[path] > 1 else path
        for item, path in zip(inputs, planned, strict=True)
    ]


@lru_cache(maxsize=1)
def _file_mode() -> int:
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


def atomic_write_text(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same folder and a rename.

    The temporary file is removed on any error; one a killed process left is swept by the next writer
    into that folder (:mod:`summarizer._tempfiles`).
    """
    handle, temporary = open_temporary(path)
    try:
        with handle:
            handle.write(text.encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, _file_mode())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


class DirectoryWriter:
    """Writes each finished result to its mirrored path under a folder, atomically."""

    def __init__(
        self,
        inputs: Sequence[BatchInput],
        directory: Path,
        extension: str,
        render: Callable[[SummaryResult, Article | None], str],
    ) -> None:
        self.paths = output_paths(inputs, directory, extension)
        self.render = render
        self.written: list[Path] = []

    def __call__(self, outcome: Outcome) -> None:
        """Write ``outcome``'s result, if it has one."""
        if outcome.result is None:
            return
        path = self.paths[outcome.index]
        atomic_write_text(path, self.render(outcome.result, outcome.article))
        self.written.append(path)


class JsonlWriter:
    """One result per line (UTF-8) in input order, with its source path and provenance; failures left out.

    To a stream, lines go out as soon as every earlier input has ended. To a file, lines gather in a
    temporary file that :meth:`commit` renames into place; :meth:`abort` removes it.
    """

    def __init__(self, target: Path | BinaryIO) -> None:
        self._ready: dict[int, Outcome] = {}
        self._next = 0
        self.lines = 0
        self._path: Path | None = None
        self._temporary: Path | None = None
        self._stream: BinaryIO
        if isinstance(target, Path):
            self._path = target
            self._stream, self._temporary = open_temporary(target)
        else:
            self._stream = target

    def __call__(self, outcome: Outcome) -> None:
        """Take one outcome; write every line that is now in order."""
        self._ready[outcome.index] = outcome
        self._emit(self._pop_ready())

    def _pop_ready(self) -> Iterable[Outcome]:
        while self._next in self._ready:
            yield self._ready.pop(self._next)
            self._next += 1

    def _emit(self, outcomes: Iterable[Outcome]) -> None:
        for outcome in outcomes:
            if outcome.result is None:
                continue
            line = json.dumps(outcome.result.model_dump(mode="json"), ensure_ascii=False) + "\n"
            self._stream.write(line.encode("utf-8"))
            self._stream.flush()
            self.lines += 1

    def commit(self) -> None:
        """Write what is left, in order, and move the file into place."""
        self._emit(self._ready.pop(index) for index in sorted(self._ready))
        if self._path is None or self._temporary is None:
            return
        self._stream.flush()
        os.fsync(self._stream.fileno())
        self._stream.close()
        os.chmod(self._temporary, _file_mode())
        os.replace(self._temporary, self._path)
        self._temporary = None

    def abort(self) -> None:
        """Discard a file that is not complete."""
        if self._temporary is None:
            return
        self._stream.close()
        with contextlib.suppress(OSError):
            os.unlink(self._temporary)
        self._temporary = None

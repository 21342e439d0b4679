"""Temporary files beside their target, named so that a later run can tell whose they are and sweep them.

An output is written to ``.<target name>.summarizer-<pid>-<random>.tmp`` in the target's folder and renamed
into place, so a reader never sees half a file. An error removes the temporary file; a process killed outright
(``kill -9``) cannot, so every writer first sweeps the folder it writes to: a temporary file whose process is
no longer running is removed.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from pathlib import Path
from typing import BinaryIO

__all__ = ["TEMPORARY_SUFFIX", "open_temporary", "sweep_temporary_files"]

TEMPORARY_SUFFIX = ".tmp"
_MARK = "summarizer"
_swept: set[str] = set()
_NAME = re.compile(rf"^\..+\.{_MARK}-(?P<pid>\d+)-[^.]+\{TEMPORARY_SUFFIX}$")


def open_temporary(target: Path) -> tuple[BinaryIO, Path]:
    """A new temporary file beside ``target`` (its folder created), open for writing bytes, and its path.

    An :class:`OSError` names ``target`` and why it cannot be written, never the temporary file.
    """
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        folder = str(target.parent.resolve())
        if folder not in _swept:  # once per folder and process: a batch writes many files to one folder
            _swept.add(folder)
            sweep_temporary_files(target.parent)
        descriptor, name = tempfile.mkstemp(
            dir=target.parent, prefix=f".{target.name}.{_MARK}-{os.getpid()}-", suffix=TEMPORARY_SUFFIX
        )
    except OSError as exc:
        raise _unwritable(target, exc) from exc
    return os.fdopen(descriptor, "wb"), Path(name)


def _unwritable(target: Path, error: OSError) -> OSError:
    """``error`` said of ``target``: a file where its folder should be is named as such."""
    blocking = next((p for p in reversed(target.parents) if p.exists() and not p.is_dir()), None)
    reason = f"{blocking} is a file, not a folder" if blocking is not None else error.strerror
    return OSError(error.errno, f"cannot be written ({reason})", str(target))


def sweep_temporary_files(folder: Path) -> list[Path]:
    """Remove the temporary files in ``folder`` left by processes that are gone; return what was removed."""
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        found = _NAME.match(entry.name)
        if found is None or _running(int(found.group("pid"))):
            continue
        with contextlib.suppress(OSError):
            os.unlink(entry.path)
            removed.append(Path(entry.path))
    return removed


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: alive, and not ours to judge
        return True
    except OSError:
        return False
    return True

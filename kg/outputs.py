"""An output folder whose files are replaced together, or not at all.

A build writes its files into a staging folder inside the output folder
(``.kg-staging-<pid>``). When all are written it records the swap in a journal
(``.kg-swap``, written atomically), renames each staged file over the old one,
and removes the journal. A build killed before the journal exists leaves the
old files untouched (the staging folder is cleared by the next build); one
killed during the renames leaves the journal, and the next build — or any
:class:`OutputSwap` on that folder — finishes those renames first. Either way
the folder holds one build's files, never a mix.

Only one build may use an output folder at a time: a second one fails at once
with a clear message instead of interleaving files.
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import shutil
from pathlib import Path
from typing import Callable, List

JOURNAL = ".kg-swap"
LOCK = ".kg-lock"
STAGING_PREFIX = ".kg-staging-"


class OutputError(ValueError):
    """The output folder cannot be used (one line)."""


class OutputSwap:
    def __init__(self, outdir: Path):
        self.outdir = Path(outdir)
        self.staging = self.outdir / f"{STAGING_PREFIX}{os.getpid()}"
        self.staged: List[str] = []
        self._lock = None
        self._created = False
        self._committed = False

    # -- lifecycle ---------------------------------------------------------------------------
    def __enter__(self) -> "OutputSwap":
        if self.outdir.exists() and not self.outdir.is_dir():
            raise OutputError(f"{self.outdir}: exists and is not a folder (-o names the output folder)")
        try:
            self._created = not self.outdir.exists()
            self.outdir.mkdir(parents=True, exist_ok=True)
            self._lock = open(self.outdir / LOCK, "a+")
        except OSError as error:
            raise OutputError(f"{self.outdir}: cannot write here ({error.strerror or error})") from None
        try:
            fcntl.flock(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as error:
            self._lock.close()
            if error.errno in (errno.EAGAIN, errno.EACCES):
                raise OutputError(f"{self.outdir}: another kg build is writing this folder") from None
            raise
        recover(self.outdir)
        self.staging.mkdir()
        return self

    def __exit__(self, *exc) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)
        if self._lock is not None:
            if self._created and not self._committed:
                # a failed first build leaves no folder behind (only our lock file is in it)
                (self.outdir / LOCK).unlink(missing_ok=True)
                try:
                    self.outdir.rmdir()
                except OSError:
                    pass
            fcntl.flock(self._lock, fcntl.LOCK_UN)
            self._lock.close()

    # -- writing -----------------------------------------------------------------------------
    def write_with(self, writer: Callable[[Path], None], name: str) -> Path:
        """Stage one output file: ``writer(path)`` writes it inside the staging folder."""
        writer(self.staging / name)
        return self.mark_staged(name)

    def mark_staged(self, name: str) -> Path:
        """Stage a file already written (or streamed) into the staging folder under ``name``."""
        path = self.staging / name
        os.chmod(path, 0o666 & ~_umask())
        self.staged.append(name)
        return path

    def commit(self) -> None:
        """Replace the folder's files with the staged ones, as one journaled step."""
        journal = self.outdir / JOURNAL
        temporary = self.outdir / f"{JOURNAL}.tmp"
        with open(temporary, "w", encoding="utf-8") as handle:
            json.dump({"staging": self.staging.name, "files": self.staged}, handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, journal)
        _fsync_dir(self.outdir)
        _finish(self.outdir, self.staging, self.staged)
        journal.unlink()
        _fsync_dir(self.outdir)
        self._committed = True


def recover(outdir: Path) -> None:
    """Finish a swap a killed build left half done, and clear abandoned staging folders."""
    outdir = Path(outdir)
    journal = outdir / JOURNAL
    if journal.exists():
        try:
            record = json.loads(journal.read_text(encoding="utf-8"))
            _finish(outdir, outdir / record["staging"], list(record["files"]))
        except (ValueError, KeyError, TypeError):
            pass  # a journal is only ever renamed into place whole; an unreadable one names nothing
        journal.unlink()
    (outdir / f"{JOURNAL}.tmp").unlink(missing_ok=True)
    for stale in outdir.glob(f"{STAGING_PREFIX}*"):
        shutil.rmtree(stale, ignore_errors=True)


def _finish(outdir: Path, staging: Path, files: List[str]) -> None:
    for name in files:
        staged = staging / name
        if staged.exists():
            os.replace(staged, outdir / name)


def _fsync_dir(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current

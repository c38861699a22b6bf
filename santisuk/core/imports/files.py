"""Reading an import file as text and writing the rejected rows."""

from __future__ import annotations

import csv
import os
from collections.abc import Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from santisuk.core.imports.importer import Row


class Undecodable(Exception):
    def __init__(self, line: int):
        super().__init__(line)
        self.line = line


class TextSource:
    """The lines of a path, a binary file (an upload) or a text file, as text.

    Bytes are decoded one line at a time (a newline byte never occurs inside a UTF-8 character),
    so a file that is not UTF-8 is refused naming the line where it stops being text. A byte
    order mark, which spreadsheet programs write, is dropped.
    """

    def __init__(self, source: Any):
        self.source = source
        self.handle: IO[Any] | None = None

    def __enter__(self) -> Iterator[str]:
        source = self.source
        if isinstance(source, (str, os.PathLike)):
            self.handle = open(Path(source), "rb")
            return self._lines(self.handle)
        if hasattr(source, "seek"):
            source.seek(0)
        return self._lines(source)

    @staticmethod
    def _lines(stream: Any) -> Iterator[str]:
        for number, raw in enumerate(stream, 1):
            if isinstance(raw, bytes):
                try:
                    text = raw.decode("utf-8")
                except UnicodeDecodeError:
                    raise Undecodable(number) from None
            else:
                text = raw
            yield text.lstrip("\ufeff") if number == 1 else text

    def __exit__(self, *exc: Any) -> None:
        if self.handle is not None:
            self.handle.close()


class RejectsWriter:
    def __init__(self, target: Any):
        self.target = target
        self.stream: IO[str] | None = None
        self.writer: Any = None
        self.own = False
        self.fields: list[str] = []

    def __enter__(self) -> RejectsWriter:
        return self

    def write(self, header: list[str], row: Row) -> None:
        if self.target is None:
            return
        if self.writer is None:
            if isinstance(self.target, (str, os.PathLike)):
                self.stream = open(Path(self.target), "w", encoding="utf-8-sig", newline="")  # noqa: SIM115
                self.own = True
            else:
                self.stream = self.target
            self.fields = [h for h in header if h]
            self.writer = csv.writer(self.stream)
            self.writer.writerow([*self.fields, "reason"])
        reason = "; ".join(
            str(e) if e.file else (f"{e.column}: {e.reason}" if e.column else e.reason)
            for e in row.errors
        )
        self.writer.writerow([*(row.raw.get(f, "") for f in self.fields), reason])

    def __exit__(self, *exc: Any) -> None:
        if self.own and self.stream is not None:
            self.stream.close()

"""Reading a large import file ahead, in a second process, while this one writes.

Parsing and checking rows is Python work; writing them is mostly the database's. With a forked
reader the next batches are prepared on the other core while this process writes the current
one. The reader never touches the database (it inherits this process's connection, which only
this process may use): it gets everything it needs from memory, as it was when it was forked.
Where ``fork`` does not exist, the batches are prepared here, one after the other.
"""

from __future__ import annotations

import gc
import multiprocessing
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.utils.translation import gettext as _


@contextmanager
def long_lived() -> Iterator[Callable[[], None]]:
    """For a load of a million rows, whose first pass keeps a fact or two per row until the end:
    the cyclic garbage collector walks every container that lives at each of its full
    collections, which the rows being written set off again and again (a quarter of the writing
    time at 50,000 cases). Inside, ``settle()`` marks what lives now as lasting until the end of
    the block: no collection walks it again; objects made later are collected as usual."""
    gc.freeze()
    try:
        yield gc.freeze
    finally:
        gc.unfreeze()


def read_ahead(produce: Callable[[], Iterator[list[Any]]], *, forked: bool) -> Iterator[list[Any]]:
    """The batches ``produce()`` yields, prepared in a forked reader process when ``forked``."""
    if not forked or "fork" not in multiprocessing.get_all_start_methods():
        yield from produce()
        return
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    # Not a daemon, so that a reader may have a reader of its own; it ends with the writer.
    reader = context.Process(target=_read, args=(produce, receiver, sender))
    reader.start()
    sender.close()
    try:
        while True:
            try:
                item = receiver.recv()
            except EOFError:
                raise RuntimeError(_("The file reader stopped unexpectedly.")) from None
            if item is None:
                return
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        receiver.close()
        reader.join(timeout=5)
        if reader.is_alive():
            reader.kill()


def _read(produce: Callable[[], Iterator[list[Any]]], receiver: Any, sender: Any) -> None:
    """In the reader: the batches to the writer. A pipe holds little, so the reader is at most a
    batch or two ahead and memory stays flat however long the file."""
    # Only the writer reads: if it dies, the next send fails and the reader ends.
    receiver.close()
    try:
        for batch in produce():
            sender.send(batch)
        sender.send(None)
    except BrokenPipeError:
        pass
    except Exception as exc:  # sent over as text: not every exception can be pickled
        sender.send(RuntimeError(f"{type(exc).__name__}: {exc}"))
    finally:
        sender.close()

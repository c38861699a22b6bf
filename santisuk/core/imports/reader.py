"""Reading a large import file ahead, in a second process, while this one writes.

Parsing and checking rows is Python work; writing them is mostly the database's. With a forked
reader the next batches are prepared on the other core while this process writes the current
one. The reader never touches the database (it inherits this process's connection, which only
this process may use): it gets everything it needs from memory, as it was when it was forked.
Where ``fork`` does not exist, the batches are prepared here, one after the other.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import queue
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from multiprocessing.reduction import ForkingPickler
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


def read_ahead(
    produce: Callable[[], Iterator[list[Any]]], *, forked: bool, depth: int = 8
) -> Iterator[list[Any]]:
    """The batches ``produce()`` yields, prepared in a forked reader process when ``forked``.

    A thread here takes each batch off the pipe as soon as it is sent, up to ``depth`` batches
    ahead: the reader never waits for this process to finish a batch (a pipe holds less than
    one), and the batches are read off the pipe while this process waits on the database."""
    if not forked or "fork" not in multiprocessing.get_all_start_methods():
        yield from produce()
        return
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    # Not a daemon, so that a reader may have a reader of its own; it ends with the writer.
    reader = context.Process(target=_read, args=(produce, receiver, sender))
    reader.start()
    sender.close()
    batches: queue.Queue = queue.Queue(maxsize=depth)
    taker = threading.Thread(target=_take, args=(receiver, batches), daemon=True)
    taker.start()
    try:
        while True:
            item = batches.get()
            if item is None:
                return
            if not isinstance(item, BaseException):
                item = ForkingPickler.loads(item)
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        # Stopped early (an error here): end the reader, then let the taker see the end.
        reader.join(timeout=0 if taker.is_alive() else 5)
        if reader.is_alive():
            reader.kill()
            reader.join(timeout=5)
        while taker.is_alive():
            with contextlib.suppress(queue.Empty):
                batches.get(timeout=0.1)
        receiver.close()


def _take(receiver: Any, batches: queue.Queue) -> None:
    """In the writer's thread: each batch off the pipe into ``batches`` as it was sent, pickled,
    then None at the end (or the error that ended the reader)."""
    while True:
        try:
            # Only the bytes here: unpickling in this thread would hold the interpreter's lock
            # while the writer's thread waits for it after each row the database takes.
            item = receiver.recv_bytes() or None  # b"": the end
        except (EOFError, OSError):
            item = RuntimeError(_("The file reader stopped unexpectedly."))
        except Exception as exc:  # a batch that cannot be read back: the same, with its reason
            item = RuntimeError(f"{type(exc).__name__}: {exc}")
        batches.put(item)
        if item is None or isinstance(item, BaseException):
            return


def _read(produce: Callable[[], Iterator[list[Any]]], receiver: Any, sender: Any) -> None:
    """In the reader: the batches to the writer, at most ``depth`` and a pipe's worth ahead, so
    that memory stays flat however long the file."""
    # Only the writer reads: if it dies, the next send fails and the reader ends.
    receiver.close()
    # A reader's rows hold no reference cycles (reference counting frees each batch), while the
    # cyclic collector walked the maps that grow with the file (ID cards seen, keys) again and
    # again: a sixth of the readers' time, for no memory back (the same peak without it).
    gc.disable()
    try:
        for batch in produce():
            sender.send_bytes(ForkingPickler.dumps(batch))
        sender.send_bytes(b"")
    except BrokenPipeError:
        pass
    except Exception as exc:  # sent as it is when it can be, so the writer may catch it
        try:
            sent = ForkingPickler.dumps(exc)
        except Exception:  # not every exception can be pickled: then as text
            sent = ForkingPickler.dumps(RuntimeError(f"{type(exc).__name__}: {exc}"))
        sender.send_bytes(sent)
    finally:
        sender.close()

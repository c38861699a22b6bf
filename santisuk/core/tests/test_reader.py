"""Reading an import file ahead in a forked process (``core.imports.reader.read_ahead``)."""

import multiprocessing
import os
import time

import pytest

from santisuk.core.imports.reader import read_ahead

pytestmark = pytest.mark.skipif(
    "fork" not in multiprocessing.get_all_start_methods(), reason="no fork on this system"
)


def batches(count):
    for n in range(count):
        yield [n, os.getpid()]


def test_every_batch_arrives_in_order_from_the_reader_process():
    got = list(read_ahead(lambda: batches(200), forked=True))
    assert [b[0] for b in got] == list(range(200))
    assert {b[1] for b in got} != {os.getpid()}  # prepared in another process


def test_an_error_in_the_reader_reaches_the_writer_as_it_was_raised():
    def failing():
        yield [1]
        raise ValueError("line 7: not a date")

    got = []
    with pytest.raises(ValueError, match="line 7: not a date"):
        for batch in read_ahead(failing, forked=True):
            got.append(batch)
    assert got == [[1]]


class Unpicklable(Exception):
    def __reduce__(self):
        raise TypeError("not this one")


def test_an_error_that_cannot_be_sent_reaches_the_writer_as_text():
    def failing():
        yield [1]
        raise Unpicklable("the file changed")

    with pytest.raises(RuntimeError, match="Unpicklable: the file changed"):
        list(read_ahead(failing, forked=True))


def test_a_writer_that_stops_early_ends_the_reader():
    def endless():
        while True:
            yield list(range(1000))

    started = time.monotonic()
    with pytest.raises(KeyError):
        for n, _batch in enumerate(read_ahead(endless, forked=True)):
            if n == 50:
                raise KeyError("the database refused a row")
    assert time.monotonic() - started < 10
    assert not multiprocessing.active_children()

"""Which processes are still running: for tests that stop a command and look for leftovers."""

from __future__ import annotations

import os
from pathlib import Path


def running_with(path: Path) -> list[int]:
    """Processes (forked workers included) whose command line names ``path``: Linux only."""
    found = []
    for entry in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            arguments = entry.read_bytes().split(b"\0")
        except OSError:
            continue
        if os.fsencode(path) in arguments:
            found.append(int(entry.parent.name))
    return found


def stopped_in_set_name(module: str, function: str, argv: str) -> str:
    """A program that runs ``mentorsite`` with ``module.function`` replaced by one that makes
    a class, whose ``__set_name__`` is where SIGTERM's handler runs (as when a module being
    imported makes one): Python 3.11 wraps what it raises in a RuntimeError. ``argv`` is the
    Python expression of the command line after ``mentorsite``."""
    return f"""
import os, signal, sys, time
import {module} as patched
from mentorsite.cli.main import main

class Named:
    def __set_name__(self, owner, name):
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(5)

def making_a_class(*_args, **_options):
    class Made:
        field = Named()

patched.{function} = making_a_class
sys.argv = ["mentorsite", *{argv}]
main()
"""


def stopped_into_an_error(module: str, function: str, argv: str) -> str:
    """A program that runs ``mentorsite`` with ``module.function`` replaced by one where
    SIGTERM's handler runs in code that turns what it raises into an error of its own, with
    no cause or context (pydantic-core, building a model's validators, makes a
    ``SchemaError`` of it). ``argv`` as for :func:`stopped_in_set_name`."""
    return f"""
import os, signal, sys, time
import {module} as patched
from mentorsite.cli.main import main

def turning_a_stop_into_an_error(*_args, **_options):
    stopped = False
    try:
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(5)
    except BaseException:
        stopped = True
    if stopped:
        raise ValueError('Error building "literal" validator: Stopped')

patched.{function} = turning_a_stop_into_an_error
sys.argv = ["mentorsite", *{argv}]
main()
"""

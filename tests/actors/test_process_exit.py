"""A program using the library can always end: on its own, without close(), or on Ctrl+C.

Each case runs a small program in its own interpreter against a loopback server in that
same process, because what is under test is the interpreter's exit itself.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXIT_TIMEOUT = 30.0

PROGRAM_HEAD = """
import signal
import sys
# Ctrl+C as a terminal delivers it, even when the test run itself was started with
# SIGINT ignored (a background job of a non-interactive shell), which children inherit.
signal.signal(signal.SIGINT, signal.default_int_handler)
from actors import ConnectionState
from actors.signals import state_changed
from tests.actors.rpc_server import RpcClient, RpcEngine
from venues.simulator import LoopbackServer

server = LoopbackServer(RpcEngine(), tick_interval=None).start()
client = RpcClient(server.url, request_timeout=600.0)

def report(sender, old, new, reason):
    if new is ConnectionState.CLOSED:
        print("closed:", reason, flush=True)

state_changed.connect(report, sender=client)
"""


def start(body: str) -> subprocess.Popen[str]:
    program = textwrap.dedent(PROGRAM_HEAD) + textwrap.dedent(body)
    return subprocess.Popen(
        [sys.executable, "-c", program],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(process: subprocess.Popen[str]) -> tuple[str, str]:
    try:
        return process.communicate(timeout=EXIT_TIMEOUT)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()


def test_a_program_that_never_closes_its_client_still_exits_and_closes_it_cleanly():
    process = start(
        """
        client.connect()
        print("echo:", client.call("echo", {"n": 1}), flush=True)
        # no close(): the program just ends
        """
    )
    out, err = finish(process)
    assert process.returncode == 0, err
    assert "echo: {'n': 1}" in out
    assert "closed: closed by the client" in out, (out, err)
    assert "did not stop" not in err


def test_ctrl_c_interrupts_a_call_waiting_for_its_reply_and_the_program_ends():
    process = start(
        """
        with client:
            print("waiting", flush=True)
            client.call("hold")  # the server never answers this one
        """
    )
    assert process.stdout is not None
    assert process.stdout.readline() == "waiting\n"
    process.send_signal(signal.SIGINT)
    out, err = finish(process)
    assert process.returncode != 0
    assert "KeyboardInterrupt" in err
    assert "closed: closed by the client" in out, (out, err)

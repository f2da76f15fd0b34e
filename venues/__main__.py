"""``python -m venues <command>``: the library's command line.

Commands:
    demo    a tour of the Deribit clients against the embedded simulator

Example:
    >>> # python -m venues demo
"""

from __future__ import annotations

import argparse
import sys


def main(argv: list[str] | None = None) -> int:
    """Parse ``argv`` and run the chosen command; return the exit code.

    Example:
        >>> # main(["demo"])
    """
    parser = argparse.ArgumentParser(prog="python -m venues")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("demo", help="stream, trade, reconnect against a simulator")
    args = parser.parse_args(argv)
    if args.command == "demo":
        from venues.demo import run

        return run()
    return 2


if __name__ == "__main__":
    sys.exit(main())

"""`python -m search` and the `search` command."""

import sys

from .errors import WhooshVersionError


def main() -> None:
    """Run the command line; an installed Whoosh the engine cannot work with is one line on
    stderr and exit code 1 (as every other error), not a traceback: it is found when the
    engine's modules are imported, before the CLI's own error handling exists."""
    try:
        from .cli import main as run
    except WhooshVersionError as exc:
        sys.exit(f"Error: {exc}")
    run()


if __name__ == "__main__":
    main()

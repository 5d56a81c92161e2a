"""`python -m search` is the `search` command."""

from .cli import main

main()

"""The ``summarizer`` command line: a thin shell over the library.

Subcommands live in their own modules and import the library only when they run, so ``summarizer --help``
starts fast. Tests may call :func:`main` with an argument list, or drive :data:`cli` with click's runner.
"""

from __future__ import annotations

from collections.abc import Sequence

import click

from ._common import EXIT_CODES_HELP
from ._eval import eval_command
from ._options import version_option
from ._summarize import summarize_command
from ._track import track_command

__all__ = ["cli", "main"]


@click.group(
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    epilog=EXIT_CODES_HELP,
)
@version_option
def cli() -> None:
    """Typed, grounded summaries of news articles about negotiations.

    Every claim in a summary points at the exact words of the article. Start with:

        summarizer summarize seeds/trump-putin-call-2025-03.txt --format markdown

    With no model configured the offline (rule-based) extractor is used. For a model, set OPENAI_API_KEY,
    or pass --base-url for any OpenAI-compatible server (llama.cpp, Ollama, vLLM). Output goes to stdout
    for one article and to -o FOLDER for many; logs, progress and errors go to stderr.
    """


cli.add_command(summarize_command)
cli.add_command(eval_command)
cli.add_command(track_command)


def main(argv: Sequence[str] | None = None) -> None:
    """The console-script entry point."""
    cli.main(args=list(argv) if argv is not None else None, prog_name="summarizer")

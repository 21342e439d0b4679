"""The CLI keeps its own choice tuples (``--help`` imports no library module): they must be the library's."""

from __future__ import annotations

import click
import pytest

from summarizer.cli import cli
from summarizer.cli._options import BACKEND_CHOICES, MODE_CHOICES
from summarizer.cli._track import TRACK_FORMATS
from summarizer.config import BACKENDS, MODES
from summarizer.render import FORMATS


def test_the_cli_choices_are_the_library_s() -> None:
    assert BACKEND_CHOICES == BACKENDS
    assert MODE_CHOICES == MODES


@pytest.mark.parametrize("command", ["summarize", "eval", "track"])
def test_every_command_offers_exactly_those_choices(command: str) -> None:
    params = {param.name: param for param in cli.commands[command].params}
    backend, mode = params["backend"].type, params["mode"].type
    assert isinstance(backend, click.Choice)
    assert isinstance(mode, click.Choice)
    assert tuple(backend.choices) == BACKENDS
    assert tuple(mode.choices) == MODES


def test_track_offers_the_renderers_formats() -> None:
    assert TRACK_FORMATS == FORMATS

"""A plain ``pytest`` cannot reach the network: pyproject.toml's addopts block every host but this machine."""

from __future__ import annotations

import socket

import pytest


@pytest.mark.parametrize(
    "host", ["192.0.2.1", "api.openai.com", "localhost.example.com", "127.0.0.1.example.com"]
)
def test_a_test_cannot_reach_a_host_elsewhere(host: str) -> None:
    with socket.socket() as sock:
        sock.settimeout(1.0)
        with pytest.raises(RuntimeError, match="Network is disabled"):
            sock.connect((host, 80))


def test_a_server_on_this_machine_is_reachable() -> None:
    with socket.create_server(("127.0.0.1", 0)) as listener, socket.socket() as sock:
        sock.settimeout(1.0)
        sock.connect(listener.getsockname())


def test_the_block_comes_from_the_configuration_not_the_command_line(pytestconfig: pytest.Config) -> None:
    assert "--block-network" in pytestconfig.getini("addopts")
    assert pytestconfig.getoption("--block-network")

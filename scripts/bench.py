"""The library's own cost, in one run (``make bench``): every number the performance targets name.

- library time per article against an OpenAI-compatible server that answers at once (seed article; an article
  of 100,000 characters), the server's own time subtracted (it reports it in a header);
- batch throughput: 100 articles at ``--concurrency`` 4 and 16 against a server that answers in 0.2 s, as a
  fraction of the ideal (articles / concurrency x latency);
- the offline backend: the seed in-process and as a whole CLI run, and 1 MB of text in-process;
- ``summarizer --help`` against bare Python with click;
- the size of every request: the fixed part (instructions and schema), the seed request, and how much of it
  is the prefix that is identical across articles (what providers' prompt caches reuse).

The scripted server runs in a child process, so its CPU time is not the library's. Token counts use SmolLM2's
tokenizer (llama-cpp-python, ``make local-model``) where it is installed, characters otherwise.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SEEDS = ROOT / "seeds"
SEED = SEEDS / "trump-putin-call-2025-03.txt"
TARGETS = {
    "library_seed_ms": 10.0,
    "library_100k_ms": 150.0,
    "batch16_ratio": 1.5,
    "help_over_click_s": 0.1,
    "offline_1mb_s": 3.0,
    "offline_cli_s": 2.5,
    "fixed_tokens": 1800,
}


# --- the scripted server (child process) ---------------------------------------------------------------


def _gold_answer() -> str:
    data = json.loads((SEEDS / "trump-putin-call-2025-03.gold.json").read_text(encoding="utf-8"))

    def strip(node: Any) -> Any:
        if isinstance(node, dict):
            return {k: strip(v) for k, v in node.items() if k not in ("start", "end", "match")}
        if isinstance(node, list):
            return [strip(v) for v in node]
        return node

    return json.dumps(strip(data))


def serve(latency: float) -> None:
    """Answer every chat completion with the seed's gold summary after ``latency`` seconds; print the port."""
    arguments = _gold_answer()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # Headers and body in one segment: Nagle's algorithm against delayed ACKs would add 40 ms.
        disable_nagle_algorithm = True
        wbufsize = 1 << 16

        def do_POST(self) -> None:
            started = time.perf_counter()
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)))
            if latency:
                time.sleep(latency)
            reply = json.dumps(
                {
                    "id": "chatcmpl-bench",
                    "object": "chat.completion",
                    "created": 0,
                    "model": body.get("model", "bench"),
                    "choices": [
                        {
                            "index": 0,
                            "finish_reason": "tool_calls",
                            "message": {
                                "role": "assistant",
                                "content": None,
                                "tool_calls": [
                                    {
                                        "id": "call_0",
                                        "type": "function",
                                        "function": {"name": "NegotiationSummary", "arguments": arguments},
                                    }
                                ],
                            },
                        }
                    ],
                    "usage": {"prompt_tokens": 100, "completion_tokens": 50, "total_tokens": 150},
                }
            ).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(reply)))
            # Time spent here that is not the latency we added: parsing the request, building the reply.
            self.send_header("X-Server-Seconds", f"{time.perf_counter() - started:.6f}")
            self.end_headers()
            self.wfile.write(reply)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    class Server(ThreadingHTTPServer):
        daemon_threads = True
        request_queue_size = 128  # listen() backlog: 16 connections at once must not be reset

    httpd = Server(("127.0.0.1", 0), Handler)
    print(httpd.server_address[1], flush=True)
    httpd.serve_forever()


@contextmanager
def server(latency: float) -> Iterator[str]:
    """A scripted server in a child process; yields its base URL."""
    child = subprocess.Popen(
        [sys.executable, __file__, "--serve", str(latency)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout is not None
        port = int(child.stdout.readline())
        yield f"http://127.0.0.1:{port}/v1"
    finally:
        child.terminate()
        child.wait()


# --- articles ---------------------------------------------------------------------------------------------


def seed_variant(index: int) -> str:
    """The seed article with a line of its own appended: distinct text that the gold answer grounds in."""
    return SEED.read_text(encoding="utf-8") + f"\nEditor's note {index}: this copy is kept for benchmarking."


def _corpus_sentences() -> list[str]:
    from summarizer.article import Article

    sentences = []
    for path in sorted(SEEDS.glob("*.txt")):
        article = Article.from_text(path.read_text(encoding="utf-8"))
        sentences.extend(sentence.text for sentence in article.sentences[1:])
    return sentences


def generated_text(size: int, seed: int = 0) -> str:
    """News-like prose of ``size`` characters: the corpus' sentences in shuffled paragraphs (lines unique)."""
    sentences = _corpus_sentences()
    rng = random.Random(seed)
    lines: list[str] = []
    total = 0
    while total < size:
        paragraph = " ".join(rng.choice(sentences) for _ in range(rng.randint(2, 6)))
        lines.append(paragraph)
        total += len(paragraph) + 2
    return "\n\n".join(lines)[:size]


def long_seed_variant(index: int, size: int = 100_000) -> str:
    """The seed article and generated paragraphs up to ``size`` characters (the gold still grounds)."""
    head = seed_variant(index)
    return head + "\n\n" + generated_text(size - len(head) - 2, seed=index)


# --- measurements -------------------------------------------------------------------------------------------


def _median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def library_time(base_url: str, make_text: Callable[[int], str], runs: int) -> tuple[float, float, float]:
    """Median wall time of ``summarize`` per article, the same minus the server's own time, and CPU time.

    The server runs in another process, so this process's CPU time is the library's alone: the steadiest
    of the three on a machine that other work shares.
    """
    import httpx2

    from summarizer import summarize

    server_seconds: list[float] = []

    def on_response(response: httpx2.Response) -> None:
        server_seconds.append(float(response.headers.get("x-server-seconds", 0)))

    _hook_responses(on_response)
    options = {"backend": "openai", "base_url": base_url, "api_key": "sk-" + "bench", "model": "bench"}
    texts = [make_text(i) for i in range(runs + 2)]
    summarize(texts[0], **options)  # imports, first connection
    summarize(texts[1], **options)
    walls, library, cpu = [], [], []
    for text in texts[2:]:
        server_seconds.clear()
        started, cpu_started = time.perf_counter(), time.process_time()
        summarize(text, **options)
        wall = time.perf_counter() - started
        cpu.append(time.process_time() - cpu_started)
        walls.append(wall)
        library.append(wall - sum(server_seconds))
    _hook_responses(None)
    return _median_ms(walls), _median_ms(library), _median_ms(cpu)


_response_hook: list[Callable[[Any], None]] = []


def _hook_responses(hook: Callable[[Any], None] | None) -> None:
    """Call ``hook`` with every HTTP response the library's clients receive (the server's timing header)."""
    import httpx2

    _response_hook.clear()
    if hook is not None:
        _response_hook.append(hook)
    if getattr(httpx2.Client, "_bench_wrapped", False):
        return
    for cls, name in ((httpx2.Client, "send"), (httpx2.AsyncClient, "send")):
        original = getattr(cls, name)
        if cls is httpx2.Client:

            def send(self: Any, *args: Any, __original: Any = original, **kwargs: Any) -> Any:
                response = __original(self, *args, **kwargs)
                for callback in _response_hook:
                    callback(response)
                return response

        else:

            async def send(self: Any, *args: Any, __original: Any = original, **kwargs: Any) -> Any:  # type: ignore[misc]
                response = await __original(self, *args, **kwargs)
                for callback in _response_hook:
                    callback(response)
                return response

        setattr(cls, name, send)
    httpx2.Client._bench_wrapped = True  # type: ignore[attr-defined]


def batch_time(base_url: str, folder: Path, concurrency: int) -> tuple[float, float]:
    """Wall and CPU time of ``summarizer summarize FOLDER -o OUT --no-cache --concurrency N``."""
    from click.testing import CliRunner

    from summarizer.cli import cli

    with tempfile.TemporaryDirectory() as out:
        env = {"OPENAI_BASE_URL": base_url, "OPENAI_API_KEY": "sk-" + "bench", "SUMMARIZER_MODEL": "bench"}
        args = ["summarize", str(folder), "-o", out, "--no-cache", "--concurrency", str(concurrency)]
        started, cpu_started = time.perf_counter(), time.process_time()
        result = CliRunner().invoke(cli, args, env=env, catch_exceptions=False)
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
        if result.exit_code != 0:
            raise RuntimeError(f"batch run failed ({result.exit_code}): {result.output[-2000:]}")
        written = len(list(Path(out).rglob("*.json")))
        if written != len(list(folder.glob("*.txt"))):
            raise RuntimeError(f"batch run wrote {written} outputs")
    return elapsed, cpu


def _subprocess_seconds(command: list[str], runs: int, env: dict[str, str] | None = None) -> float:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, env=env)
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def _offline_seconds(text: str, runs: int) -> float:
    from summarizer import summarize

    samples = []
    for i in range(runs):
        started = time.perf_counter()
        summarize(text + f"\nEditor's note {i}.", backend="offline")
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


# --- request size -------------------------------------------------------------------------------------------


def _tokenizer() -> Any:
    try:
        from llama_cpp import Llama

        from summarizer.local import default_model_path
    except ImportError:
        return None
    path = default_model_path()
    if path is None:
        return None
    return Llama(model_path=str(path), vocab_only=True, verbose=False)


def _request_body(article_text: str) -> dict[str, Any]:
    """The JSON body the library sends for ``article_text`` (tools mode), caught at the transport."""
    import httpx2

    from summarizer import summarize

    seen: list[dict[str, Any]] = []

    def handler(request: httpx2.Request) -> httpx2.Response:
        seen.append(json.loads(request.content))
        return httpx2.Response(500, json={"error": {"message": "bench"}})

    import openai

    client = openai.OpenAI(
        api_key="sk-" + "bench",
        base_url="http://127.0.0.1:9/v1",
        max_retries=0,
        http_client=httpx2.Client(transport=httpx2.MockTransport(handler)),
    )
    with contextlib.suppress(Exception):  # the server's 500 ends it: the request is what was wanted
        summarize(
            article_text, backend="openai", base_url="http://127.0.0.1:9/v1", model="bench", client=client
        )
    return seen[0]


def _prompt_text(body: dict[str, Any]) -> list[str]:
    """The request as a provider renders it, in order: tool definitions first, then the messages."""
    parts = [json.dumps(body.get("tools", []), separators=(",", ":"))]
    parts += [str(message.get("content") or "") for message in body["messages"]]
    return parts


def request_size(llm: Any) -> dict[str, Any]:
    """Characters and tokens of the fixed part, the seed request, and the prefix shared across articles."""

    def count(text: str) -> int:
        if llm is None:
            return len(text)
        return len(llm.tokenize(text.encode("utf-8"), add_bos=False))

    from string import Template

    from summarizer.prompts import load_template

    user_fixed = Template(load_template("user.txt")).substitute(metadata="", sentence_count="", article="")
    seed = _prompt_text(_request_body(SEED.read_text(encoding="utf-8")))
    other = _prompt_text(_request_body((SEEDS / "port-strike-wages.txt").read_text(encoding="utf-8")))
    seed_text, other_text = "".join(seed), "".join(other)
    shared = os.path.commonprefix([seed_text, other_text])  # noqa: RUF071 (characters are what is meant)
    article = SEED.read_text(encoding="utf-8")
    return {
        "unit": "SmolLM2 tokens" if llm is not None else "characters",
        "tools": count(seed[0]),
        "system": count(seed[1]),
        "user": count(user_fixed.strip()),
        "prefix": count(shared),
        "request": count(seed_text),
        "article": count(article),
        "request_chars": len(seed_text),
        "article_chars": len(article),
    }


# --- the report ---------------------------------------------------------------------------------------------


def _machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return f"{cores} cores, {cpu}, Python {platform.python_version()}"


def _row(name: str, value: str, target: str = "") -> None:
    print(f"{name:58} {value:>16} {target}")


def main(argv: list[str] | None = None) -> int:
    """Measure and print everything; ``--quick`` takes fewer samples."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--serve", type=float, help=argparse.SUPPRESS)
    parser.add_argument("--quick", action="store_true", help="fewer samples (a rough run)")
    parser.add_argument("--only", action="append", default=[], help="library, batch, offline, cli, size")
    args = parser.parse_args(argv)
    if args.serve is not None:
        serve(args.serve)
        return 0
    parts = set(args.only) or {"library", "batch", "offline", "cli", "size"}
    runs = 5 if args.quick else 15
    batch_runs = 1 if args.quick else 3
    print(f"summarizer bench, {date.today().isoformat()}, {_machine()}")
    if "library" in parts:
        with server(0.0) as base_url:
            wall, library, cpu = library_time(base_url, seed_variant, runs)
            _row(
                "library time per article, seed (wall / minus server / CPU)",
                f"{wall:.1f} / {library:.1f} / {cpu:.1f} ms",
                f"target <= {TARGETS['library_seed_ms']:.0f} ms",
            )
            wall, library, cpu = library_time(base_url, long_seed_variant, max(3, runs // 3))
            _row(
                "library time per article, 100k chars (wall / minus server / CPU)",
                f"{wall:.1f} / {library:.1f} / {cpu:.1f} ms",
                f"target <= {TARGETS['library_100k_ms']:.0f} ms",
            )
    if "batch" in parts:
        latency, count = 0.2, 100
        with tempfile.TemporaryDirectory() as tmp, server(latency) as base_url:
            folder = Path(tmp)
            for i in range(count):
                (folder / f"article-{i:03}.txt").write_text(seed_variant(i), encoding="utf-8")
            batch_time(base_url, folder, 4)  # warm-up: imports, first connections
            for concurrency in (4, 16):
                # The median of three runs: one run on a shared machine is at the mercy of other jobs.
                runs_here = sorted(batch_time(base_url, folder, concurrency) for _ in range(batch_runs))
                elapsed, cpu = runs_here[len(runs_here) // 2]
                ideal = count / concurrency * latency
                target = f"target <= {TARGETS['batch16_ratio']}x" if concurrency == 16 else ""
                _row(
                    f"batch of {count} at concurrency {concurrency}, 0.2 s latency (ideal {ideal:.2f} s)",
                    f"{elapsed:.2f} s = {elapsed / ideal:.2f}x",
                    f"CPU {cpu:.2f} s  {target}",
                )
    if "offline" in parts:
        seed_text = SEED.read_text(encoding="utf-8")
        _offline_seconds(seed_text, 1)
        _row("offline seed in-process", f"{_offline_seconds(seed_text, runs) * 1000:.0f} ms")
        big = generated_text(1_000_000, seed=7)
        from summarizer.article import Article

        started = time.process_time()
        Article.from_text(big)
        _row("segmentation of 1 MB (CPU)", f"{time.process_time() - started:.2f} s", "target about 1 s")
        try:
            seconds = f"{_offline_seconds(big, 1 if args.quick else 3):.2f} s"
        except Exception as error:  # the extractor's own fault, reported rather than hidden
            seconds = f"failed: {type(error).__name__}: {str(error).splitlines()[0][:60]}"
        _row("offline 1 MB in-process", seconds, f"target <= {TARGETS['offline_1mb_s']:.0f} s")
    if "cli" in parts:
        exe = str(Path(sys.executable).with_name("summarizer"))
        env = {k: v for k, v in os.environ.items() if k not in ("OPENAI_API_KEY", "OPENAI_BASE_URL")}
        cli_runs = 3 if args.quick else 7
        seconds = _subprocess_seconds([exe, "summarize", str(SEED), "--backend", "offline"], cli_runs, env)
        _row("offline seed, whole CLI run", f"{seconds:.2f} s", f"target <= {TARGETS['offline_cli_s']} s")
        bare = _subprocess_seconds(
            [sys.executable, "-c", "import click\n@click.command()\ndef f(): pass\nf()", "--help"], cli_runs
        )
        helped = _subprocess_seconds([exe, "--help"], cli_runs)
        _row(
            "summarizer --help / bare python + click --help",
            f"{helped:.2f} / {bare:.2f} s",
            f"target <= +{TARGETS['help_over_click_s']} s",
        )
    if "size" in parts:
        size = request_size(_tokenizer())
        unit = size["unit"]
        fixed = size["tools"] + size["system"] + size["user"]
        _row(
            f"fixed request part, {unit} (tool schema + instructions)",
            f"{fixed} = {size['tools']} + {size['system']} + {size['user']}",
            f"target <= {TARGETS['fixed_tokens']}",
        )
        _row(
            f"seed request / article, {unit}",
            f"{size['request']} / {size['article']}",
            f"{size['request_chars'] / size['article_chars']:.2f}x in characters",
        )
        _row(
            "cacheable prefix (identical across articles) of the seed request",
            f"{size['prefix']} = {size['prefix'] / size['request']:.0%}",
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

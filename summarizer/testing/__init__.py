"""A scripted OpenAI-compatible model: test code that uses ``summarizer`` offline, fast and deterministically.

Script what the "model" answers, then plug it in one of two ways::

    from summarizer import summarize
    from summarizer.config import Settings
    from summarizer.llm import make_client
    from summarizer.testing import ScriptedModel, ScriptedServer, http_error

    model = ScriptedModel(http_error(503, headers={"Retry-After": "0"}), my_summary)
    settings = Settings(backend="openai", base_url="http://scripted.invalid/v1", model="any")
    result = summarize(article, settings=settings, client=make_client(settings, transport=model.transport()))
    assert model.calls == 2

    with ScriptedServer(ScriptedModel.always(my_summary)) as server:  # real HTTP on 127.0.0.1
        subprocess.run(["summarizer", "summarize", "a.txt", "--base-url", server.base_url], check=True)

An answer is a :class:`~summarizer.schema.NegotiationSummary` (sent without the spans grounding adds, as a
model writes it), a ``dict`` (sent as JSON, as is), a ``str`` (sent verbatim: invalid JSON included), a
:class:`Reply` (a whole HTTP response: the faults :func:`http_error`, :func:`not_json`, :func:`hang`,
:func:`disconnect`), or a function of the :class:`ChatRequest` returning an answer (:func:`answer`,
:func:`truncated`, :func:`delayed` and your own). Summaries, dicts and strings go out as a tool call when
the request offers tools (mode ``tools``) and as message content otherwise (``json``, ``json_schema``).

:class:`ScriptedModel` holds the script and records every request; :meth:`ScriptedModel.transport` is its
in-process face (an httpx2 transport, for ``summarizer.llm.make_client(settings, transport=...)`` or your own
``openai`` client) and :class:`ScriptedServer` its face over real HTTP, for the CLI or any other process.
Nothing in the library imports this package; it imports only httpx2, the standard library and the schema.
"""

from ._answers import (
    MODEL_NAME,
    TOOL_NAME,
    Answer,
    ChatRequest,
    Reply,
    answer,
    content_body,
    delayed,
    disconnect,
    hang,
    http_error,
    model_answer,
    not_json,
    resolve,
    tool_call_body,
    truncated,
)
from ._model import ScriptedModel, ScriptedServer, ScriptedTransport

__all__ = [
    "MODEL_NAME",
    "TOOL_NAME",
    "Answer",
    "ChatRequest",
    "Reply",
    "ScriptedModel",
    "ScriptedServer",
    "ScriptedTransport",
    "answer",
    "content_body",
    "delayed",
    "disconnect",
    "hang",
    "http_error",
    "model_answer",
    "not_json",
    "resolve",
    "tool_call_body",
    "truncated",
]

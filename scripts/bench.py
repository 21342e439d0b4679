"""Print the size of what every request carries: instructions plus schema, and the seed request in full.

Run with ``make bench``. Token counts use the local model's tokenizer (SmolLM2, through llama-cpp-python)
where it is installed, and are skipped otherwise.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from summarizer.article import load_article
from summarizer.prompts import build_messages, load_template, prompt_version
from summarizer.schema import NegotiationSummary

SEED = Path(__file__).resolve().parent.parent / "seeds" / "trump-putin-call-2025-03.txt"


def _tokenizer() -> object | None:
    try:
        from llama_cpp import Llama

        from summarizer.local import default_model_path  # type: ignore[attr-defined]
    except ImportError:
        return None
    path = default_model_path()
    if path is None:
        return None
    return Llama(model_path=str(path), vocab_only=True, verbose=False)


def _tokens(llm: object | None, text: str) -> str:
    if llm is None:
        return "n/a"
    return str(len(llm.tokenize(text.encode("utf-8"), add_bos=False)))  # type: ignore[attr-defined]


def main() -> int:
    """Measure and print the prompt budget."""
    article = load_article(SEED)
    schema = json.dumps(NegotiationSummary.model_json_schema(), separators=(",", ":"))
    system = load_template("system.txt")
    user_fixed = load_template("user.txt")
    messages = build_messages(article)
    request_text = "".join(m["content"] for m in messages) + schema
    llm = _tokenizer()
    rows = [
        ("system instructions", system),
        ("user template (without article)", user_fixed),
        ("JSON schema (tool parameters)", schema),
        ("fixed part (instructions + schema)", system + user_fixed + schema),
        ("article as read", article.text),
        ("article as numbered in the prompt", article.numbered()),
        ("seed request in total", request_text),
    ]
    print(
        f"prompt version {prompt_version()}; "
        f"tokens: {'SmolLM2 tokenizer' if llm else 'tokenizer not installed'}"
    )
    print(f"{'part':40} {'chars':>8} {'tokens':>8}")
    for name, text in rows:
        print(f"{name:40} {len(text):>8} {_tokens(llm, text):>8}")
    ratio = len(request_text) / len(article.text)
    print(f"seed request / article: {ratio:.2f}x in characters")
    return 0


if __name__ == "__main__":
    sys.exit(main())

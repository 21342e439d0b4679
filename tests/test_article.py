"""Loading and segmenting articles: exact offsets, line breaks, headline, input errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from summarizer import Article, ArticleError, load_article
from summarizer.article import MAX_ARTICLE_BYTES

from .scripted import SEED_ARTICLE


def test_seed_segments_with_exact_offsets_and_headline_first() -> None:
    article = load_article(SEED_ARTICLE)
    assert article.headline == "Trump-Putin phone call likely this week amid Russia-Ukraine peace talks"
    assert [s.id for s in article.sentences] == list(range(len(article.sentences)))
    for sentence in article.sentences:
        assert article.text[sentence.start : sentence.end] == sentence.text
    texts = [s.text for s in article.sentences]
    assert "US believes Russia-Ukraine ceasefire deal is on" in texts  # crosshead without a stop
    assert "Witkoff termed his conversation with Putin as ‘positive’." in texts
    assert "According to the envoy, ‘it was a solution-based discussion.’" in texts


def test_abbreviations_do_not_end_sentences() -> None:
    article = Article.from_text(
        "Headline\nThe U.S. envoy met Mr. Smith in Washington. He left at 5 p.m. on Monday."
    )
    assert [s.text for s in article.sentences] == [
        "Headline",
        "The U.S. envoy met Mr. Smith in Washington.",
        "He left at 5 p.m. on Monday.",
    ]


def test_every_line_break_ends_a_segment_and_crlf_is_kept() -> None:
    text = "Title\r\nFirst line without stop\r\n\r\nSecond paragraph. Another one.\r\n"
    article = Article.from_text(text)
    assert article.text == text
    assert [s.text for s in article.sentences] == [
        "Title",
        "First line without stop",
        "Second paragraph.",
        "Another one.",
    ]
    for sentence in article.sentences:
        assert text[sentence.start : sentence.end] == sentence.text


def test_bom_is_dropped_and_hash_is_of_the_text_read(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes("\ufeffTitle\nBody text here.".encode())
    article = load_article(path)
    assert article.text == "Title\nBody text here."
    assert article.sha256 == Article.from_text("Title\nBody text here.").sha256


def test_metadata_comes_from_the_sidecar_never_the_text(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Title\nBody.", encoding="utf-8")
    (tmp_path / "a.meta.json").write_text('{"source": "Example Wire", "published": "2025-03-16"}')
    article = load_article(tmp_path / "a.txt")
    assert article.metadata == {"source": "Example Wire", "published": "2025-03-16"}
    assert "Example Wire" not in article.text


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty"),
        (b"   \n\t\n", "is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "binary"),
        (bytes(range(1, 32)) * 10, "control characters"),
        (b"x" * (MAX_ARTICLE_BYTES + 1), "over the limit"),
    ],
)
def test_unusable_inputs_raise_article_errors(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(ArticleError, match=message):
        load_article(path)


@pytest.mark.parametrize(
    ("raw", "encoding"),
    [
        ("Talks\nThe délégués met in Genève.".encode("utf-16"), "utf-16"),
        ("Talks\nThe délégués met in Genève.".encode("utf-16-be"), None),  # no BOM: NUL bytes, binary
        ("Talks\nThe délégués met in Genève.".encode("utf-32"), "utf-32"),
        ("Talks\nThe délégués met in Genève.".encode("utf-8-sig"), "utf-8-sig"),
        ("Talks\nThe délégués met in Genève.".encode(), "utf-8"),
        ("Talks\nThe délégués met in Genève.".encode("latin-1"), "cp1252"),
        ("Talks\nThe délégués met in Genève à midi, l’offre.".encode("cp1252"), "cp1252"),
        ("Rozmowy\nW Gdańsku minister Łukasz Żak odrzucił ofertę związków.".encode("cp1250"), "cp1250"),
    ],
    ids=["utf-16-bom", "utf-16-no-bom", "utf-32-bom", "utf-8-bom", "utf-8", "latin-1", "cp1252", "cp1250"],
)
def test_encodings_are_detected_and_recorded(tmp_path: Path, raw: bytes, encoding: str | None) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(raw)
    if encoding is None:
        with pytest.raises(ArticleError, match="binary"):
            load_article(path)
        return
    article = load_article(path)
    assert article.encoding == encoding
    assert article.sentences[1].text.startswith(("The délégués met in Genève", "W Gdańsku minister Łukasz"))


def test_a_named_encoding_wins_and_must_fit(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes("Talks\nThey met in Genève.".encode("cp1252"))
    assert load_article(path, encoding="latin-1").text == "Talks\nThey met in Genève."
    assert load_article(path, encoding="latin-1").encoding == "iso8859-1"
    with pytest.raises(ArticleError, match=r"is not utf-8 \(bad byte at offset 21\)"):
        load_article(path, encoding="utf-8")


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(ArticleError, match="no such file"):
        load_article(tmp_path / "nope.txt")
    with pytest.raises(ArticleError, match="directory"):
        load_article(tmp_path)


def test_segmentation_is_the_same_from_many_threads() -> None:
    from concurrent.futures import ThreadPoolExecutor

    from summarizer.article import _pysbd_pieces

    texts = [p.read_text(encoding="utf-8") for p in sorted(SEED_ARTICLE.parent.glob("*.txt"))]
    expected = [[s.text for s in Article.from_text(t).sentences] for t in texts]
    with ThreadPoolExecutor(max_workers=4) as pool:
        for _ in range(3):
            _pysbd_pieces.cache_clear()  # segment for real each round, not from the cache
            got = list(pool.map(lambda t: [s.text for s in Article.from_text(t).sentences], texts))
            assert got == expected


_TRICKY = (
    "Mr. Smith",
    "Dr. Jones said",
    "the U.S. Senate",
    "U.S.",
    "e.g.",
    "i.e. the",
    "at 5 p.m. on",
    "a.m.",
    "No. 5",
    "St. Louis",
    "Gen. Milley",
    "approx. 40",
    "1.",
    "2.",
    "3)",
    "(a)",
    "b)",
    "iv.",
    "He left.",
    "She agreed!",
    "Really?",
    "“We will not,” he said.",
    "‘No deal.’ He added",
    "...",
    "…",
    "(see p. 4)",
    "[1]",
    "fig. 2",
    "Jan. 5",
    "etc.",
    "vs.",
    "Inc.",
    "the E.U.",
    "3.5 percent",
    "$1.2 bn",
    "www.example.com",
    "a.b.c.",
    '"Stop." Then',
    "'quoted.' Next",
    "Ltd. The",
    "I.V. drip",
    "Sen. Warren",
    "the talks",
    "collapsed",
    "and",
    "— an aside —",
    "!!",
    "?!",
    "  ",
    "\t",
    "He left. He left.",
    "a",
    "  Ok.  ",
    "İst. Mr. Brown",
    "ſt. Louis",
    "\u212at. 5",
    "ıs. done",
)


def _lines() -> list[str]:
    import random

    rng = random.Random(5)
    lines = [" ".join(rng.choice(_TRICKY) for _ in range(rng.randint(1, 20))) for _ in range(100)]
    for path in sorted(SEED_ARTICLE.parent.glob("*.txt")):
        lines += path.read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip()]


def test_the_fast_segmenter_makes_pysbds_decisions() -> None:
    """Compiled-once patterns and spans found by search give pysbd's sentences, on the corpus and odd text."""
    import pysbd

    from summarizer._segmenter import pysbd_sentences

    shipped = pysbd.Segmenter(language="en", clean=False)
    for line in _lines():
        assert pysbd_sentences(line) == shipped.segment(line), line


def test_the_characters_that_fold_to_ascii_letters_are_the_ones_the_segmenter_knows() -> None:
    import re

    from summarizer._segmenter import _FOLDS_TO_ASCII

    letter = re.compile("[a-z]", re.IGNORECASE)
    folding = {chr(c) for c in range(0x80, 0x110000) if letter.fullmatch(chr(c))}
    assert folding == _FOLDS_TO_ASCII


@pytest.mark.parametrize(
    ("first_line", "headline"),
    [
        (
            "U.S. presses for truce in Syria despite policy snags; ",
            "U.S. presses for truce in Syria despite policy snags",
        ),
        ("Talks resume in Geneva:", "Talks resume in Geneva"),
        ("Deal reached \u2014", "Deal reached"),
        ("Talks resume in the U.S.", "Talks resume in the U.S."),
        ("Will the truce hold?", "Will the truce hold?"),
        (";", ";"),
    ],
)
def test_the_headline_drops_a_separator_it_ends_with_and_its_segment_stays_verbatim(
    first_line: str, headline: str
) -> None:
    article = Article.from_text(first_line + "\nThe envoys met on Monday.\n")
    assert article.headline == headline
    assert article.sentences[0].text == first_line.strip()

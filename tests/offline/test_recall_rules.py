"""Rules that let more acts through: issues from context, group names, short names, pronoun gender, and
next steps that read as clauses. Made-up sentences only."""

from __future__ import annotations

from summarizer.offline.acts import find_acts
from summarizer.offline.attribution import find_statements
from summarizer.offline.declared import declared_actors
from summarizer.offline.issues import event_clause, find_issues, find_next_steps
from summarizer.offline.lexicon import load_lexicon
from summarizer.offline.text import fold

from .helpers import actors_of, doc_of, summary_of


def _demands(*paragraphs: str) -> list[tuple[str, str, int]]:
    doc, actors = actors_of(*paragraphs)
    acts = find_acts(doc, actors, find_issues(doc, load_lexicon()))
    return [(item.party, item.issue, item.spans[0][0]) for item in acts.demands]


def test_an_act_without_an_issue_takes_the_previous_sentences() -> None:
    demands = _demands(
        "Talks at the Atlantic Dockworkers Union are about pensions.",
        "The Atlantic Dockworkers Union is demanding a written guarantee by June.",
    )
    assert ("@atlantic-dockworkers-union", "benefits", 2) in demands


def test_a_crosshead_or_distance_ends_the_context_of_an_issue() -> None:
    # without the context, the demand is filed under what its own object names
    assert _demands(
        "Talks at the Atlantic Dockworkers Union are about pensions.",
        "Next moves",
        "The Atlantic Dockworkers Union is demanding a written guarantee by June.",
    ) == [("@atlantic-dockworkers-union", "written-guarantee", 3)]
    assert _demands(
        "Talks at the Atlantic Dockworkers Union are about pensions.",
        "The port was quiet.",
        "Ships waited offshore.",
        "The Atlantic Dockworkers Union is demanding a written guarantee by June.",
    ) == [("@atlantic-dockworkers-union", "written-guarantee", 4)]


def test_plural_group_names_after_the_are_parties() -> None:
    doc = doc_of(
        "The Agrarians want lower fuel taxes.",
        "The Radical Liberals reject any new taxes, and the Agrarians said so again.",
        "Leaders of the Radical Liberals met the Agrarians on Monday.",
    )
    keys = {item.key: item.actor.party for item in declared_actors(doc, load_lexicon())}
    assert keys.get("agrarians") == "@agrarians"
    assert keys.get("radical liberals") == "@radical-liberals"


def test_a_state_named_after_from_and_with_its_minister_is_a_party() -> None:
    doc = doc_of(
        "Mediators from Varesta brought the two delegations together.",
        "Varesta’s foreign minister said the talks would continue.",
    )
    parties = {item.actor.party: item.party_kind for item in declared_actors(doc, load_lexicon())}
    assert parties.get("@varesta") == "state"


def test_the_last_word_of_an_organisation_refers_back_to_it() -> None:
    _, actors = actors_of(
        "The Coastal Liberation Front said it had received the plan.",
        "The Front wants a timetable for the withdrawal of troops.",
    )
    [mention] = [m for m in actors.mentions[2] if m.surface == "The Front"]
    assert mention.party == "@coastal-liberation-front"


def test_pronouns_follow_gender_from_titles_and_agreement() -> None:
    _, actors = actors_of(
        "Ines Moreau, the mediator, said she would call both sides back.",
        "Paul Dorr, the employers’ chief negotiator, said he was ready.",
        "She added that a deal was close.",
        "Ms Lind, a union official, met the mediator.",
        "He said nothing and she left.",
    )
    [she] = [m for m in actors.mentions[3] if m.anaphor]
    assert she.entity == "p:ines moreau"
    by_word = {m.surface: m.entity for m in actors.mentions[5] if m.anaphor}
    assert by_word == {"He": "p:paul dorr", "she": "p:ms lind"}


def test_a_pronoun_speaker_of_the_other_gender_is_not_the_last_speaker() -> None:
    doc, actors = actors_of(
        "Ines Moreau, the mediator, said she would call both sides back.",
        "Paul Dorr, the employers’ chief negotiator, said he was ready to sign.",
        "She said the gap was small.",
    )
    statements = find_statements(doc, actors, load_lexicon())
    assert [s.speaker for s in statements if 3 in s.sentence_ids] == ["Ines Moreau"]


def test_a_next_step_reads_as_a_clause() -> None:
    text = fold("Officials said the two leaders would meet next week amid growing pressure from donors.")
    anchor = text.index("would")
    start, end = event_clause(text, anchor, text.index("next week") + len("next week"))
    assert text[start:end] == "the two leaders would meet next week"


def test_a_headline_next_step_does_not_end_on_a_preposition() -> None:
    doc = doc_of(
        "Both sides spoke.", headline="Leaders’ phone call likely this week amid tensions over ports"
    )
    [step] = find_next_steps(doc)
    event = doc.text[step.spans[0][1] : step.spans[0][2]]
    assert event == "Leaders’ phone call likely this week"


def test_what_will_not_happen_is_no_next_step() -> None:
    doc = doc_of("The minister said she will not sign the agreement this week.")
    assert find_next_steps(doc) == []


def test_the_abstract_does_not_repeat_a_time_the_event_names() -> None:
    summary = summary_of(
        "The Atlantic Dockworkers Union rejected the pay offer from the Harbour Employers Association.",
        "The Harbour Employers Association proposed a 4% pay rise, but the union demanded 7% in wage talks.",
        "Negotiators for the union and the association are expected to meet again next week.",
    )
    assert summary.next_steps
    assert "next week (next week)" not in summary.abstract


def test_evidence_windows_never_cut_a_written_word() -> None:
    from summarizer.article import Article
    from summarizer.offline import extract
    from summarizer.schema import iter_evidence

    article = Article.from_text(
        "Envoys table truce plan in ceasefire talks\n"
        "Mediators from Norland presented Estavia and the Rift Alliance with a proposal for a 60-day truce "
        "and a phased exchange of prisoners in ceasefire talks on Friday.\n"
        "Estavia rejected the proposal for a 60-day truce, its foreign minister, Ona Varis, said.\n"
        "“We will not accept a 60-day pause,” Varis told reporters.\n"
    )
    summary = extract(article)
    pieces = list(iter_evidence(summary))
    assert pieces
    for _, evidence in pieces:
        assert evidence.start is not None
        assert evidence.end is not None
        before = article.text[evidence.start - 1 : evidence.start]
        after = article.text[evidence.end : evidence.end + 1]
        assert not before.isalnum(), evidence.quote
        assert before != "-", evidence.quote
        assert not after.isalnum(), evidence.quote
        assert after != "-", evidence.quote

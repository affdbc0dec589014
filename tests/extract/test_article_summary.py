"""Extractive summaries: the lead sentences that carry the event, no wire boilerplate."""

from __future__ import annotations

from bot.extract.summary import summarise


def test_prefers_lead_sentences_that_report_the_event() -> None:
    text = (
        "BAMAKO is hot in August.\n"
        "Rebels said they killed 30 soldiers near Kidal on Monday. "
        "The army denied the figure. "
        "Fighting resumed on Tuesday."
    )
    assert summarise(text) == (
        "Rebels said they killed 30 soldiers near Kidal on Monday. Fighting resumed on Tuesday."
    )


def test_skips_headlines_and_agency_credits() -> None:
    text = (
        "Clashes in the north\n"
        "(With inputs from agencies.)\n"
        "Clashes broke out near Gao on Friday.\n"
        "(Reporting by A. Reporter; Editing by B. Editor)"
    )
    assert summarise(text) == "Clashes broke out near Gao on Friday."


def test_falls_back_to_the_lead_when_nothing_reports_violence() -> None:
    text = "The junta named a new cabinet. Ministers met on Friday. Markets were calm."
    assert summarise(text, max_sentences=1) == "The junta named a new cabinet."


def test_respects_the_character_budget() -> None:
    long_sentence = "Fighting " + "continued in the area " * 40 + "on Monday."
    summary = summarise(long_sentence + " Rebels attacked again.", max_chars=120)
    assert len(summary) <= 120
    assert summary.endswith("…")
    two = summarise("Rebels attacked Gao. Troops fought back near Kidal.", max_chars=25)
    assert two == "Rebels attacked Gao."


def test_empty_text() -> None:
    assert summarise("") == ""


def test_a_caller_that_has_read_the_sentences_says_which_report_fighting() -> None:
    text = "The junta named a new cabinet. Ministers met on Friday. Markets were calm."
    spans = [(0, 30), (31, 55), (56, 74)]
    assert [text[s:e] for s, e in spans][1] == "Ministers met on Friday."
    flags = [False, True, False]
    assert summarise(text, max_sentences=1, spans=spans, fighting=flags) == (
        "Ministers met on Friday."
    )

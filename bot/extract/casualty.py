"""The result of reading one casualty statement (kept apart so every reader can import it)."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.extract.types import ActorInfo, Quantity


@dataclass
class Casualty:
    """One victim group with an outcome, as written in one sentence."""

    outcome: str
    quantity: Quantity | None  # None for a qualitative statement ("heavy losses")
    qualifier: str | None  # the qualitative phrase, when there is no figure
    anchor: int  # token index where the statement sits (to find its reporting clause)
    victims: list[ActorInfo] = field(default_factory=list)
    victim_phrase: str | None = None  # when no actor names the group ("children")
    perpetrator: ActorInfo | None = None
    perpetrator_phrase: str | None = None
    # The perpetrator is whoever makes the claim ("rebels reported killing 84", "they killed").
    perpetrator_is_claimant: bool = False
    subset: bool = False  # "including three children": part of a figure already counted
    negated: bool = False  # "no soldiers were killed", "did not kill"
    # "eleven of its soldiers", "lost 12 soldiers": the group belongs to the claimant's side.
    own_group: bool = False
    # "Russia lost 1,200 soldiers": the victims are named by the subject, a country or army.
    lost_by_subject: bool = False
    # "the seven", "the two others": a figure that refers back to people already counted.
    definite: bool = False

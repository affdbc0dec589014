"""The ACLED scorer's rule 7 (bench/eval_extraction.py): a total reported over several days or
listed places is one ACLED row per day and place, the total divided evenly among them.

The scorer is a benchmark script, not part of the package; these tests pin its split rule on
notes written here, so a change to it is seen before it moves the published score.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "bench" / "eval_extraction.py"


@pytest.fixture(scope="module")
def scorer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("eval_extraction", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("eval_extraction", module)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("note", "days"),
    [
        ("Six militiamen were killed in clashes near Kalehe between Jan.14-15.", 2),
        ("Gunmen killed 9 herders over two days in Agatu.", 2),
        ("Seventy fighters were killed during four days of fighting (11-14/02) in Bari.", 4),
        ("The army killed 40 militants in a three-day operation in Sambisa.", 3),
        ("Clashes killed 11 people over 3-6 March in Bole.", 4),
        ("Two civilians were killed in separate incidents on 9 and 10 May.", 2),
        ("Gunmen killed 4 people in Kidal on 12 March.", 1),
        ("Between 10-14 men stormed the post; one guard was killed.", 1),  # not days
        ("Corpses were found over the last two weeks.", 1),  # weeks are not split by day
    ],
)
def test_reported_days(scorer: ModuleType, note: str, days: int) -> None:
    assert scorer.reported_days(note) == days


@pytest.mark.parametrize(
    ("note", "location", "places"),
    [
        ("Troops killed 20 militants in the towns of Arish, Rafah and Sheikh Zuweid.", "Rafah", 3),
        ("Cultists attacked Ahoada East and Ahoada West LGAs, killing 16.", "Ahoada", 2),
        ("Troops killed 20 militants in the towns of Arish, Rafah and Sheikh Zuweid.", "Bir", 1),
        ("Clashes between Nuer and Anuak in Gambela killed 7.", "Gambela", 1),
    ],
)
def test_reported_places_only_counts_a_list_holding_the_rows_place(
    scorer: ModuleType, note: str, location: str, places: int
) -> None:
    assert scorer.reported_places(note, location) == places


@pytest.mark.parametrize(
    ("total", "days", "places", "share"),
    [(6, 2, 1, 3), (5, 2, 1, 2), (29, 1, 3, 10), (85, 4, 2, 11), (1, 3, 1, 1), (0, 2, 1, 0)],
)
def test_acled_share_is_the_nearest_whole_share_halves_down_at_least_one(
    scorer: ModuleType, total: int, days: int, places: int, share: int
) -> None:
    assert scorer.acled_share(total, days=days, places=places) == share

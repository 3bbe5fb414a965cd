"""The plan (confcli.planner): checked against brute force on small random instances, exact
within its step bound on 40-paper instances, and honest when its budget runs out."""

from __future__ import annotations

import itertools
import random
from datetime import UTC, datetime, timedelta

import pytest

from confcli.agenda import clash
from confcli.model import Item
from confcli.planner import EXACT_STEPS, Paper, Plan, make_plan
from confcli.render.agenda_tables import plan_lines

MONDAY = datetime(2025, 7, 14, 9, tzinfo=UTC)


def slot(paper: int, option: int, start: datetime, minutes: int, room: str) -> Item:
    return Item(
        id=f"p{paper}o{option}",
        kind="oral" if option == 0 else "poster",
        title=f"Paper {paper}",
        session_id="s",
        session="s",
        position=option,
        start=start,
        end=start + timedelta(minutes=minutes),
        room=room,
        paper_id=f"P{paper}",
    )


def random_papers(rng: random.Random, count: int, options: int = 3, span: int = 12) -> list[Paper]:
    """Papers with 1..options slots of 30-90 minutes on a day of ``span`` half-hours."""
    papers = []
    for paper in range(count):
        slots = []
        for option in range(rng.randint(1, options)):
            start = MONDAY + timedelta(minutes=30 * rng.randrange(span))
            slots.append(slot(paper, option, start, 30 * rng.randint(1, 3), rng.choice("AB")))
        starred = frozenset({slots[0].id} | ({slots[-1].id} if rng.random() < 0.2 else set()))
        papers.append(Paper(f"P{paper}", tuple(slots), starred))
    return papers


def score(papers: list[Paper], chosen: dict[str, Item]) -> tuple[int, int]:
    """(papers attended, of them at a starred slot): what the plan maximises, in order."""
    starred = sum(chosen[p.key].id in p.starred for p in papers if p.key in chosen)
    return (len(chosen), starred)


def brute_force(papers: list[Paper], buffer: timedelta) -> tuple[int, int]:
    best = (0, 0)
    for combo in itertools.product(*[(None, *p.options) for p in papers]):
        chosen = {p.key: c for p, c in zip(papers, combo, strict=True) if c is not None}
        if not any(clash(a, b, buffer) for a, b in itertools.combinations(chosen.values(), 2)):
            best = max(best, score(papers, chosen))
    return best


def assert_valid(plan: Plan, papers: list[Paper], buffer: timedelta = timedelta(0)) -> None:
    options = {p.key: set(p.options) for p in papers}
    assert all(item in options[key] for key, item in plan.attend.items())
    assert not any(clash(a, b, buffer) for a, b in itertools.combinations(plan.attend.values(), 2))
    assert set(plan.attend) | set(plan.cannot_fit) == set(options)
    assert not set(plan.attend) & set(plan.cannot_fit)


@pytest.mark.parametrize("seed", range(150))
def test_the_plan_equals_brute_force_on_small_random_instances(seed):
    rng = random.Random(seed)
    papers = random_papers(rng, rng.randint(1, 6))
    buffer = timedelta(minutes=rng.choice([0, 0, 15, 30]))
    plan = make_plan(papers, buffer)
    assert_valid(plan, papers, buffer)
    assert plan.optimal
    assert score(papers, plan.attend) == brute_force(papers, buffer)


def test_a_conference_week_of_40_papers_with_orals_and_posters_is_planned_exactly():
    rng = random.Random(40)
    papers = []
    for paper in range(40):
        day = MONDAY + timedelta(days=paper % 5)
        oral = day + timedelta(minutes=15 * rng.randrange(28))  # 9:00-16:00, four rooms
        poster = day + timedelta(hours=rng.choice([2, 7]))
        options = (
            slot(paper, 0, oral, 15, f"Room {rng.randrange(4)}"),
            slot(paper, 1, poster, 120, "Hall"),
        )
        papers.append(Paper(f"P{paper}", options, frozenset({options[0].id})))
    buffer = timedelta(minutes=10)
    plan = make_plan(papers, buffer)
    assert_valid(plan, papers, buffer)
    assert plan.optimal and plan.steps < EXACT_STEPS
    # days never clash with each other: brute force day by day gives the optimum
    days = [[p for p in papers if p.options[0].start.day == MONDAY.day + d] for d in range(5)]
    best = [brute_force(day, buffer) for day in days]
    assert score(papers, plan.attend) == tuple(map(sum, zip(*best, strict=True)))
    assert len(plan.attend) < 40 and len(plan.attend) == sum(count for count, _ in best)


@pytest.mark.parametrize("seed", range(4))
def test_40_papers_crowded_into_one_day_are_planned_exactly_within_the_bound(seed):
    """Up to three slots each, all on one day: far denser than a real week."""
    papers = random_papers(random.Random(seed), 40, options=3, span=40)
    plan = make_plan(papers)
    assert_valid(plan, papers)
    assert plan.optimal and plan.steps < EXACT_STEPS


def test_more_papers_than_the_exact_bound_are_still_planned_exactly_when_the_budget_allows():
    papers = random_papers(random.Random(11), 80, options=2, span=160)
    plan = make_plan(papers)
    assert_valid(plan, papers)
    assert plan.steps <= 200_000 + 1 and plan.optimal


def test_a_huge_group_is_planned_greedily_and_said_not_optimal():
    papers = random_papers(random.Random(5), 400, options=2, span=40)
    plan = make_plan(papers)
    assert_valid(plan, papers)
    assert not plan.optimal and len(plan.attend) > 0


def test_forty_papers_in_twenty_half_hours_fit_twenty():
    """Two papers per half-hour, each with that one slot: exactly half fit, a known optimum."""
    papers = [
        Paper(f"P{n}", (slot(n, 0, MONDAY + timedelta(minutes=30 * (n // 2)), 30, "A"),))
        for n in range(40)
    ]
    plan = make_plan(papers)
    assert plan.optimal and len(plan.attend) == 20 and len(plan.cannot_fit) == 20
    left_out = next(iter(plan.cannot_fit.values()))
    assert left_out.startswith("its oral p") and "clashes with 'Paper " in left_out


def test_beyond_its_budget_the_plan_is_the_best_found_and_says_it_may_not_be_optimal():
    papers = random_papers(random.Random(3), 60, options=3, span=40)
    plan = make_plan(papers, budget=200)
    assert_valid(plan, papers)
    assert not plan.optimal and len(plan.attend) > 0

    class Shown:
        pass

    agenda = Shown()
    agenda.plan, agenda.papers = plan, papers  # type: ignore[attr-defined]
    assert "this plan may not be optimal" in plan_lines(agenda, None)  # type: ignore[arg-type]


def test_a_paper_without_a_timed_slot_cannot_fit():
    untimed = Item(id="x", kind="oral", title="No time", session_id="s", session="s", position=1)
    plan = make_plan([Paper("X", (untimed,), frozenset({"x"}))])
    assert plan.attend == {} and plan.cannot_fit == {"X": "no slot with a time"}


def test_a_starred_slot_is_preferred_when_both_fit():
    oral, poster = slot(1, 0, MONDAY, 15, "A"), slot(1, 1, MONDAY + timedelta(hours=3), 60, "H")
    assert make_plan([Paper("P1", (poster, oral), frozenset({oral.id}))]).attend == {"P1": oral}
    assert make_plan([Paper("P1", (oral, poster), frozenset({poster.id}))]).attend == {"P1": poster}

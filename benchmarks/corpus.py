"""A synthetic conference programme as confcli ``Session`` objects, deterministic for a seed.

One conference is laid out like a big summer conference: poster sessions (no times, as on
ICLR 2023's pages), timed oral/spotlight sessions (PDT slots, as on ICLR 2021 and ICML
2022) and NeurIPS-2020-style track pages (ISO times, breaks, joint Q&As). Many orals are
also posters (the same paper twice). benchmarks/pages.py writes them in every input shape.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from benchmarks.content import Paper, PaperWriter
from confcli.model import Item, Session, digest

SEED = 6  # issue 6
PDT = timezone(timedelta(hours=-7), "PDT")


@dataclass(frozen=True)
class Layout:
    """How many pages of each shape one conference has, and how many slots are on each."""

    poster_sessions: int
    posters: int
    timed_sessions: int
    timed_slots: int
    track_pages: int
    track_slots: int

    def items(self) -> int:
        per_shape = (
            (self.poster_sessions, self.posters),
            (self.timed_sessions, self.timed_slots),
            (self.track_pages, self.track_slots),
        )
        return sum(pages * slots for pages, slots in per_shape)

    def pages(self) -> int:
        return self.poster_sessions + self.timed_sessions + self.track_pages


@dataclass(frozen=True)
class Scale:
    name: str
    conferences: int
    layout: Layout


# One NeurIPS: about 6,000 items on 60 pages. 10x is a user who keeps ten conferences.
ONE_CONFERENCE = Layout(20, 240, 30, 25, 10, 45)
SCALES = {
    "tiny": Scale("tiny", 1, Layout(1, 12, 1, 7, 1, 9)),
    "0.1x": Scale("0.1x", 1, Layout(2, 240, 3, 25, 1, 45)),
    "1x": Scale("1x", 1, ONE_CONFERENCE),
    "10x": Scale("10x", 10, ONE_CONFERENCE),
    # Every ML conference in one library (issue 16): 180,000 items. Not in `--scale all`.
    "30x": Scale("30x", 30, ONE_CONFERENCE),
}
ROOMS = ("Hall E", "Ballroom A", "Room 301-303", "West Exhibition Hall C", "Hall Ø 2")
DECISIONS = (("poster accept", 0.8), ("top 25% paper", 0.15), ("top 5% paper", 0.05))
AWARDS = ("Outstanding Paper", "Honorable Mention")
CHAIR_COUNT = (1, 2, 3)


def conference_names(count: int) -> list[tuple[str, int]]:
    """ICML 2025, ICML 2024, …: summer conferences, so every slot is in PDT."""
    return [("ICML", 2025 - index) for index in range(count)]


def first_day(year: int) -> date:
    """The conference's first day: the first Monday after 10 July."""
    day = date(year, 7, 11)
    return day + timedelta(days=(7 - day.weekday()) % 7)


def build(scale: Scale, seed: int = SEED) -> list[Session]:
    """Every session of every conference of a scale, in a fixed order."""
    sessions: list[Session] = []
    for conference, year in conference_names(scale.conferences):
        rng = random.Random(f"{seed}-{conference}-{year}")
        sessions += ConferenceBuilder(conference, year, scale.layout, rng).sessions()
    return sessions


class ConferenceBuilder:
    def __init__(self, conference: str, year: int, layout: Layout, rng: random.Random):
        self.conference, self.year, self.layout, self.rng = conference, year, layout, rng
        self.writer = PaperWriter(rng)
        self.posters: list[Paper] = []  # papers with a poster: orals are picked from them
        self.day0 = first_day(year)

    def sessions(self) -> list[Session]:
        layout = self.layout
        posters = [self.poster_session(n) for n in range(1, layout.poster_sessions + 1)]
        timed = [self.timed_session(n) for n in range(1, layout.timed_sessions + 1)]
        tracks = [self.track_page(n) for n in range(1, layout.track_pages + 1)]
        return posters + timed + tracks

    # --- papers --------------------------------------------------------------------------

    def talk_paper(self) -> Paper:
        """Six talks in ten are also posters of this conference (one paper, two slots)."""
        if self.posters and self.rng.random() < 0.6:
            return self.rng.choice(self.posters)
        return self.writer.paper()

    def session(self, title: str, kind: str | None, room: str | None, items: list[Item], **more):
        return Session(
            id=digest(self.conference, self.year, title),
            title=title,
            kind=kind,
            conference=self.conference,
            year=self.year,
            room=room,
            items=tuple(items),
            **more,
        )

    def item(self, title: str, position: int, kind: str, paper: Paper | None, **more) -> Item:
        """A slot; one that is not a paper (Q&A, break) takes its title from ``label``."""
        label = more.pop("label", None) or kind_title(kind)
        return Item(
            id=digest(self.conference, self.year, title, position, kind),
            kind=kind,
            title=paper.title if paper else label,
            session_id=digest(self.conference, self.year, title),
            session=title,
            position=position,
            authors=paper.authors if paper else (),
            abstract=paper.abstract if paper else None,
            conference=self.conference,
            year=self.year,
            **more,
        )

    # --- the three kinds of session -------------------------------------------------------

    def poster_session(self, number: int) -> Session:
        title, room = f"Poster Session {number}", self.rng.choice(ROOMS)
        spots = self.rng.sample(range(1, 4 * self.layout.posters), self.layout.posters)
        items = [self.poster(title, room, n, spot) for n, spot in enumerate(spots, start=1)]
        return self.session(title, "session", room, items)

    def poster(self, session_title: str, room: str, position: int, spot: int) -> Item:
        paper = self.writer.paper()
        self.posters.append(paper)
        decision = self.rng.choices(*zip(*DECISIONS, strict=True))[0]
        award = None
        if decision == "top 5% paper" and self.rng.random() < 0.1:
            award = self.rng.choice(AWARDS)
        presentation = "in-person" if self.rng.random() < 0.85 else "virtual"
        return self.item(
            session_title,
            position,
            "poster",
            paper,
            poster=f"#{spot}",
            decision=decision,
            presentation=presentation,
            award=award,
            room=room,
        )

    def timed_session(self, number: int) -> Session:
        """Orals then spotlights, a Q&A after every fifth slot; 5- to 15-minute slots."""
        title, room = f"Oral Session {number}", self.rng.choice(ROOMS)
        moment = self.session_start(number, self.layout.timed_sessions)
        items = []
        for position in range(1, self.layout.timed_slots + 1):
            kind = "qa" if position % 6 == 0 else "oral" if position <= 3 else "spotlight"
            length = timedelta(minutes=15 if kind == "oral" else 5)
            paper = None if kind == "qa" else self.talk_paper()
            end = moment + length
            items.append(self.item(title, position, kind, paper, start=moment, end=end, room=room))
            moment = end
        chairs = self.chairs()
        return self.session(title, "session", room, items, chairs=chairs)

    def track_page(self, number: int) -> Session:
        """Three orals, a break, then spotlights with a joint Q&A after every fourth."""
        title = f"Orals & Spotlights Track {number}: {self.rng.choice(TRACK_TOPICS)}"
        moment = self.session_start(number, self.layout.track_pages)
        start, items = moment, []
        for position in range(1, self.layout.track_slots + 1):
            kind = track_kind(position)
            paper = self.talk_paper() if kind in ("oral", "spotlight") else None
            length = timedelta(minutes={"oral": 15, "break": 10}.get(kind, 10))
            end = moment + length
            label = JOINT_QA if kind == "qa" else None
            items.append(
                self.item(title, position, kind, paper, start=moment, end=end, label=label)
            )
            moment = end
        return self.session(title, None, None, items, chairs=self.chairs(), start=start, end=moment)

    # --- helpers --------------------------------------------------------------------------

    def session_start(self, number: int, count: int) -> datetime:
        """Sessions spread over five days, four starting times a day."""
        per_day = max(1, -(-count // 5))
        day = self.day0 + timedelta(days=(number - 1) // per_day)
        hour = (8, 10, 13, 16)[(number - 1) % per_day % 4]
        return datetime(day.year, day.month, day.day, hour, 0, tzinfo=PDT)

    def chairs(self) -> tuple[str, ...]:
        return tuple(self.writer.name() for _ in range(self.rng.choice(CHAIR_COUNT)))


TRACK_TOPICS = (
    "Deep Learning/Theory", "Reinforcement Learning", "Generative Models", "Optimization",
    "Probabilistic Methods", "Social Aspects", "Applications/Vision", "Language",
)  # fmt: skip
JOINT_QA = "Joint Q&A for Preceeding Spotlights"  # [sic], as the NeurIPS 2020 pages spell it


def track_kind(position: int) -> str:
    if position <= 3:
        return "oral"
    if position == 4:
        return "break"
    return "qa" if (position - 4) % 5 == 0 else "spotlight"


def kind_title(kind: str) -> str:
    """The title of a slot that is not a paper, as the pages print it."""
    return {"qa": "Q&A", "break": "Break"}.get(kind, kind.title())

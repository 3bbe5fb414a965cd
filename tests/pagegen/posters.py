"""A large synthetic poster session (ICML 2025 style, ``#W-…`` positions), deterministic.

The first items carry the hard cases on purpose: a title with an apostrophe, quotes and a
raw TeX accent; an abstract with TeX, a '<' and two paragraphs; an award line.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import datetime, timedelta, timezone

from confcli import model
from confcli.model import Item, Session

BIG_POSTER_NAME = "icml2025-poster-session-1-west"
PDT = timezone(timedelta(hours=-7), "PDT")

ADJECTIVES = (
    "Scalable", "Robust", "Sparse", "Provable", "Efficient", "Adaptive", "Causal",
    "Equivariant", "Federated", "Contrastive", "Bayesian", "Implicit",
)  # fmt: skip
SUBJECTS = (
    "Diffusion Models", "Transformers", "Graph Networks", "Policy Gradients", "Kernels",
    "Language Models", "Neural Fields", "Optimal Transport", "Mixture of Experts",
    "State Space Models", "Normalizing Flows", "Reward Models",
)  # fmt: skip
PURPOSES = (
    "for Long-Context Reasoning", "under Distribution Shift", "at Scale",
    "with Limited Labels", "for Protein Design", "without Backpropagation",
    "in Continual Learning", "for Time Series",
)  # fmt: skip
FIRST_NAMES = ("Ada", "Bo", "Chen", "Dana", "Emeka", "Farah", "Goran", "Hiro", "Ines", "Jun")
LAST_NAMES = ("Okafor", "Li", "Schmidt", "Tanaka", "García", "Novak", "Rossi", "Kim", "Singh")
SENTENCES = (
    "We study a problem that matters in practice.",
    "Our method scales linearly in the number of samples.",
    "Experiments on standard benchmarks show consistent gains.",
    "We prove a matching lower bound.",
    "Code is available online.",
    "The analysis covers both convex and non-convex objectives.",
)

SPECIAL_TITLE = 'Schr\\"{o}dinger Bridges Aren\'t "Optimal": A Second Look'
TEX_ABSTRACT = (
    "We bound the error by $O(n \\times d)$ for inputs \\mathbf{x} with n < 10^6.\n"
    "A second paragraph keeps $\\alpha$ & $\\beta$ verbatim."
)


def _title(index: int) -> str:
    """Unique for every index below 1152: 7919 is coprime with 12 * 12 * 8."""
    code = index * 7919 % (len(ADJECTIVES) * len(SUBJECTS) * len(PURPOSES))
    adjective, rest = divmod(code, len(SUBJECTS) * len(PURPOSES))
    subject, purpose = divmod(rest, len(PURPOSES))
    return f"{ADJECTIVES[adjective]} {SUBJECTS[subject]} {PURPOSES[purpose]}"


def _authors(rng: random.Random) -> tuple[str, ...]:
    count = rng.randint(1, 8)
    return tuple(f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}" for _ in range(count))


def _abstract(rng: random.Random) -> str:
    return " ".join(rng.sample(SENTENCES, rng.randint(2, 4)))


def _poster(index: int, rng: random.Random, session: Session) -> Item:
    title = SPECIAL_TITLE if index == 0 else _title(index)
    kind = "spotlight-poster" if index % 7 == 3 else "poster"
    poster = f"#W-{100 + 5 * index}"
    return Item(
        id=model.item_id(session.conference, session.year, None, session.id, kind, title, 0),
        kind=kind,
        title=title,
        session_id=session.id,
        session=session.title,
        position=index + 1,
        authors=_authors(rng),
        abstract=TEX_ABSTRACT if index == 1 else _abstract(rng),
        room=session.room,
        poster=poster,
        award="Outstanding Paper Award" if index == 2 else None,
        conference=session.conference,
        year=session.year,
        paper_id=model.paper_id(title),
    )


def big_poster_session(count: int = 220) -> Session:
    """Posters #W-100, #W-105, … #W-(100 + 5 * (count - 1)) in number order; the page
    generator sorts them as the site does (as text)."""
    title, room = "Poster Session 1 West", "West Exhibition Hall B2-B3"
    start = datetime(2025, 7, 16, 11, 0, tzinfo=PDT)
    session = Session(
        id=model.session_id("ICML", 2025, title),
        title=title,
        kind="poster-session",
        conference="ICML",
        year=2025,
        room=room,
        start=start,
        end=start + timedelta(hours=2, minutes=30),
    )
    rng = random.Random(2025)
    items = tuple(_poster(index, rng, session) for index in range(count))
    return replace(session, items=items)

"""The rendered-text readers on the five real sample pages: the ground truth of issue 2,
asserted field by field, plus a golden JSON of every parsed field."""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from conftest import SAMPLES

from confcli.errors import BadInputError
from confcli.readers.reading import ReadOptions, read_one
from confcli.readers.sources import PageInput
from confcli.render.jsonout import item_to_json, session_to_json

GOLDEN = Path(__file__).parent / "golden" / "parse"


def parse_sample(name: str, **options):
    text = (SAMPLES / f"{name}.txt").read_text(encoding="utf-8")
    return read_one(PageInput(f"{name}.txt", text), ReadOptions(**options))


def kinds(session) -> Counter:
    return Counter(item.kind for item in session.items)


def test_iclr2021_oral_session_1():
    page = parse_sample("iclr2021-oral-session-1")
    session = page.session
    assert page.shape == "timed-session" and page.warnings == []
    assert (session.title, session.kind, session.room) == ("Oral Session 1", "session", None)
    assert session.chairs == ("Blake Richards", "Ozan Sener", "Yutian Chen")
    assert (session.conference, session.year, session.abstract) == ("ICLR", 2021, None)
    assert session.start.isoformat() == "2021-05-03T03:00:00-07:00"
    assert session.end.isoformat() == "2021-05-03T06:05:00-07:00"
    assert len(session.items) == 15
    assert kinds(session) == {"oral": 7, "spotlight": 5, "qa": 3}
    first = item_to_json(session.items[0])
    assert first["start"] == "2021-05-03T03:00:00-07:00"
    assert first["end"] == "2021-05-03T03:15:00-07:00"
    assert first["title"] == "Dataset Condensation with Gradient Matching"
    assert first["authors"] == ["Bo ZHAO", "Konda Reddy Mopuri", "Hakan Bilen"]
    assert first["abstract"].startswith("As the state-of-the-art machine learning methods")
    assert first["abstract"].endswith("when limited memory and computations are available.")
    assert (first["kind"], first["position"], first["session"]) == ("oral", 1, "Oral Session 1")
    for key in ("poster", "decision", "presentation", "award", "url", "room"):
        assert first[key] is None, key


def test_iclr2021_qa_slots_have_no_authors_or_abstract():
    session = parse_sample("iclr2021-oral-session-1").session
    qas = [item for item in session.items if item.kind == "qa"]
    assert [item.position for item in qas] == [5, 10, 15]
    assert all(item.title == "Q&A" and item.authors == () and item.abstract is None for item in qas)
    assert all(item.paper_id is None for item in qas)
    assert qas[-1].start.isoformat() == "2021-05-03T05:55:00-07:00"
    assert qas[-1].end.isoformat() == "2021-05-03T06:05:00-07:00"


def test_iclr2021_oral_session_7():
    session = parse_sample("iclr2021-oral-session-7").session
    assert session.title == "Oral Session 7"
    assert session.chairs == ("Dinesh Jayaraman", "Eric Nalisnick", "Krishnamurthy Dvijotham")
    assert len(session.items) == 16
    assert kinds(session) == {"oral": 5, "spotlight": 8, "qa": 3}
    vit = session.items[0]
    assert vit.title.startswith("An Image is Worth 16x16 Words")
    assert len(vit.authors) == 12 and vit.authors[0] == "Alexey Dosovitskiy"
    assert vit.authors[-1] == "Neil Houlsby"
    assert session.items[-1].end.isoformat() == "2021-05-05T06:08:00-07:00"


def test_iclr2023_poster_session_3():
    page = parse_sample("iclr2023-poster-session-3")
    session = page.session
    assert page.shape == "poster-session" and page.warnings == []
    assert (session.title, session.room, session.conference, session.year) == (
        "Poster Session 3",
        "MH1-2-3-4",
        "ICLR",
        2023,
    )
    assert len(session.items) == 135 and kinds(session) == {"poster": 135}
    assert Counter(item.decision for item in session.items) == {
        "poster accept": 97,
        "top 25% paper": 27,
        "top 5% paper": 11,
    }
    assert Counter(item.presentation for item in session.items) == {"in-person": 134, "virtual": 1}
    awards = {item.title: item.award for item in session.items if item.award}
    assert awards == {
        "Rethinking the Expressive Power of GNNs via Graph Biconnectivity": "Outstanding Paper",
        "On the duality between contrastive and non-contrastive self-supervised learning": (
            "Honorable Mention"
        ),
    }
    assert all(item.start is None and item.end is None for item in session.items)
    assert session.start is None and session.end is None
    assert all(item.room == "MH1-2-3-4" for item in session.items)
    first = session.items[0]
    assert (first.poster, first.presentation, first.decision) == ("#43", "virtual", "poster accept")
    assert first.title == "Few-shot Backdoor Attacks via Neural Tangent Kernels"
    assert first.authors == ("Jonathan Hayase", "Sewoong Oh")
    posters = [item.poster for item in session.items]
    assert len(set(posters)) == 135 and all(p.startswith("#") for p in posters)


def test_iclr2023_award_line_is_not_the_title():
    session = parse_sample("iclr2023-poster-session-3").session
    gnn = next(item for item in session.items if item.award == "Outstanding Paper")
    assert gnn.poster == "#31" and gnn.decision == "top 5% paper"
    assert gnn.authors == ("Bohang Zhang", "Shengjie Luo", "Liwei Wang", "Di He")


def test_icml2022_deep_learning():
    session = parse_sample("icml2022-deep-learning").session
    assert (session.title, session.room, session.chairs) == (
        "Deep Learning",
        "Ballroom 1 & 2",
        ("Jifan Zhang",),
    )
    assert (session.conference, session.year) == ("ICML", 2022)
    assert len(session.items) == 14 and kinds(session) == {"oral": 1, "spotlight": 13}
    assert session.start.isoformat() == "2022-07-21T07:30:00-07:00"
    assert session.end.isoformat() == "2022-07-21T08:55:00-07:00"
    oral = session.items[6]
    assert (oral.kind, oral.title) == (
        "oral",
        "Overcoming Oscillations in Quantization-Aware Training",
    )
    assert (oral.start.isoformat(), oral.end.isoformat()) == (
        "2022-07-21T08:00:00-07:00",
        "2022-07-21T08:20:00-07:00",
    )
    assert all(item.room == "Ballroom 1 & 2" for item in session.items)


def test_neurips2020_track_13():
    page = parse_sample("neurips2020-orals-track-13")
    session = page.session
    assert page.shape == "track-page" and page.warnings == []
    assert session.title == "Orals & Spotlights Track 13: Deep Learning/Theory"
    assert session.chairs == ("Stanislaw Jastrzebski", "Srinadh Bhojanapalli")
    assert session.start.isoformat() == "2020-12-08T18:00:00-08:00"
    assert session.end.isoformat() == "2020-12-08T21:00:00-08:00"
    assert session.abstract == "Each Oral includes Q&A\nSpotlights have joint Q&As"
    assert len(session.items) == 15
    assert kinds(session) == {"oral": 3, "spotlight": 8, "qa": 2, "break": 2}
    qas = [item for item in session.items if item.kind == "qa"]
    assert [item.title for item in qas] == ["Joint Q&A for Preceeding Spotlights"] * 2
    assert len({item.id for item in qas}) == 2
    siren = session.items[0]
    assert siren.title == "Implicit Neural Representations with Periodic Activation Functions"
    assert siren.authors == (
        "Vincent Sitzmann",
        "Julien N.P Martel",
        "Alexander Bergman",
        "David Lindell",
        "Gordon Wetzstein",
    )
    assert siren.abstract.startswith("Implicitly defined, continuous, differentiable")
    assert [item.kind for item in session.items[3:5]] == ["break", "spotlight"]


def test_tex_in_abstracts_is_kept_whole():
    session = parse_sample("neurips2020-orals-track-13").session
    sub_gaussian = next(i for i in session.items if i.title.startswith("Robust Sub-Gaussian"))
    assert "$\\eps$-corrupted set of $n$ samples from a $d$-dimensional" in sub_gaussian.abstract


@pytest.mark.parametrize("path", sorted(SAMPLES.glob("*.txt")), ids=lambda p: p.stem)
def test_page_chrome_never_becomes_data(path):
    session = parse_sample(path.stem).session
    text = json.dumps(session_to_json(session))
    for chrome in ("Skip to", "Chat is not available", "feature-limited", "rocketchat"):
        assert chrome not in text


@pytest.mark.parametrize("path", sorted(SAMPLES.glob("*.txt")), ids=lambda p: p.stem)
def test_every_paper_has_authors_and_an_abstract(path):
    session = parse_sample(path.stem).session
    papers = [item for item in session.items if item.kind not in ("qa", "break")]
    assert papers and all(item.authors and item.abstract for item in papers)
    assert all("·" not in name and "," not in name for i in papers for name in i.authors)


@pytest.mark.parametrize("path", sorted(SAMPLES.glob("*.txt")), ids=lambda p: p.stem)
def test_golden_parse(path, update_golden):
    """Every field of every item; rewrite with `pytest --update-golden` after a reviewed change."""
    data = session_to_json(parse_sample(path.stem).session)
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    golden = GOLDEN / f"{path.stem}.json"
    if update_golden:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


def test_ids_are_stable_and_independent_of_the_path():
    text = (SAMPLES / "iclr2021-oral-session-7.txt").read_text(encoding="utf-8")
    here = read_one(PageInput("iclr2021-oral-session-7.txt", text), ReadOptions()).session
    there = read_one(PageInput("/elsewhere/iclr2021-oral-session-7.txt", text), ReadOptions())
    assert [i.id for i in here.items] == [i.id for i in there.session.items]
    assert here.id == there.session.id == "iclr2021-oral-session-7-5b5522"
    assert len({i.id for i in here.items}) == 16


def test_year_comes_from_the_weekday_without_a_file_name_hint():
    text = (SAMPLES / "iclr2021-oral-session-1.txt").read_text(encoding="utf-8")
    options = ReadOptions(today=date(2026, 11, 24))
    session = read_one(PageInput("pasted.txt", text), options).session
    assert session.start.isoformat() == "2021-05-03T03:00:00-07:00"
    assert session.year is None  # nothing said which conference year: left null, with a warning
    icml = (SAMPLES / "icml2022-deep-learning.txt").read_text(encoding="utf-8")
    icml_session = read_one(PageInput("pasted.txt", icml), options).session
    assert icml_session.start.date() == date(2022, 7, 21)


def test_user_year_and_conference_are_used_when_the_page_is_silent():
    text = (SAMPLES / "iclr2021-oral-session-1.txt").read_text(encoding="utf-8")
    options = ReadOptions(conference="ICLR", year=2021)
    session = read_one(PageInput("pasted.txt", text), options).session
    assert (session.conference, session.year) == ("ICLR", 2021)


def test_a_year_that_contradicts_the_weekday_leaves_times_out_with_a_warning():
    text = (SAMPLES / "iclr2021-oral-session-1.txt").read_text(encoding="utf-8")
    page = read_one(PageInput("x.txt", text), ReadOptions(year=2019))
    assert all(item.start is None for item in page.session.items)
    assert any("time not read" in warning for warning in page.warnings)


def test_a_page_of_no_known_shape_is_a_clear_error():
    with pytest.raises(BadInputError, match=r"notes\.txt: not a conference session page"):
        read_one(PageInput("notes.txt", "Just some notes\nabout my day\n"), ReadOptions())
    with pytest.raises(BadInputError, match="empty page"):
        read_one(PageInput("blank.txt", "  \n\n"), ReadOptions())


def test_slot_times_in_a_form_only_the_dateutil_fallback_reads():
    """'May 5, 2021 3:00 - 3:15 PDT' is no form the regular expressions know: the fallback
    reads the same instants; a time it cannot read is a warning, never a traceback."""
    text = (SAMPLES / "iclr2021-oral-session-7.txt").read_text(encoding="utf-8")
    loose, count = re.subn(
        r"^Wed 5 May (\d+:\d\d) - (\d+:\d\d) PDT$", r"May 5, 2021 \1 - \2 PDT", text, flags=re.M
    )
    assert count == 16
    original = parse_sample("iclr2021-oral-session-7")
    page = read_one(PageInput("iclr2021-oral-session-7.txt", loose), ReadOptions())
    times = [(item.start, item.end) for item in page.session.items]
    assert times == [(item.start, item.end) for item in original.session.items]
    assert (page.session.start, page.session.end) == (original.session.start, original.session.end)
    assert page.warnings == original.warnings
    broken = loose.replace("May 5, 2021 3:00 - 3:15 PDT", "Feb 30, 2021 3:00 - 3:15 PDT", 1)
    page = read_one(PageInput("iclr2021-oral-session-7.txt", broken), ReadOptions())
    assert len(page.session.items) == 16 and page.session.items[0].start is None
    assert page.warnings[0] == (
        "time not read: cannot read the time 'Feb 30, 2021 3:00' "
        "(day is out of range for month: Feb 30, 2021 3:00)"
    )

"""Writes a benchmark corpus: one conference programme in every input shape confcli reads.

    python benchmarks/generate.py --scale 1x [--check]

Layout of ``benchmarks/out/<scale>/`` (git-ignored)::

    text/timed-session/*.txt   text/poster-session/*.txt   text/track-page/*.txt
    html/*.html                feed/<conf>-<year>-orals-posters.json
    manifest.json              what was written: files, bytes and items per shape

Deterministic: the same scale and seed give the same bytes. ``samples`` is the five
bundled pages (copied as they are) and the same sessions in the other shapes.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:  # run as a script: make `benchmarks` and `tests` importable
    sys.path.insert(0, str(REPO))

from benchmarks import corpus, pages  # noqa: E402
from confcli.model import Session, slug  # noqa: E402

OUT = REPO / "benchmarks" / "out"
SAMPLES = REPO / "samples"
SCALE_NAMES = ("samples", *corpus.SCALES)
TEXT_SHAPES = ("timed-session", "poster-session", "track-page")
# The sources whose change makes an existing corpus stale.
GENERATOR_SOURCES = (
    REPO / "benchmarks" / "content.py",
    REPO / "benchmarks" / "corpus.py",
    REPO / "benchmarks" / "pages.py",
    REPO / "benchmarks" / "generate.py",
    REPO / "tests" / "pagegen" / "html_pages.py",
)


@dataclass
class ShapeStats:
    files: int = 0
    bytes: int = 0
    items: int = 0


@dataclass
class Manifest:
    scale: str
    seed: int
    fingerprint: str
    shapes: dict[str, ShapeStats] = field(default_factory=lambda: defaultdict(ShapeStats))

    def add(self, shape: str, path: Path, text: str, items: int) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        stats = self.shapes[shape]
        stats.files, stats.bytes, stats.items = (
            stats.files + 1,
            stats.bytes + len(text.encode("utf-8")),
            stats.items + items,
        )

    def to_json(self) -> dict:
        shapes = {name: vars(stats) for name, stats in self.shapes.items()}
        return {
            "scale": self.scale,
            "seed": self.seed,
            "fingerprint": self.fingerprint,
            "shapes": shapes,
        }


def fingerprint(seed: int) -> str:
    digest = hashlib.sha1(str(seed).encode())
    for path in GENERATOR_SOURCES:
        digest.update(path.read_bytes() if path.exists() else b"")
    return digest.hexdigest()[:12]


def sessions_of(scale: str, seed: int = corpus.SEED) -> list[Session]:
    if scale == "samples":
        return sample_sessions()
    return corpus.build(corpus.SCALES[scale], seed)


def sample_sessions() -> list[Session]:
    from confcli.readers.reading import ReadOptions, read_one
    from confcli.readers.sources import PageInput

    return [
        read_one(PageInput(path.name, path.read_text(encoding="utf-8")), ReadOptions()).session
        for path in sorted(SAMPLES.glob("*.txt"))
    ]


def page_name(session: Session) -> str:
    """'icml2025-oral-session-7': conference and year first, so confcli reads them."""
    return f"{slug(session.conference or 'conf')}{session.year or ''}-{slug(session.title)}"


def write(scale: str, out: Path = OUT, seed: int = corpus.SEED) -> Manifest:
    """Writes the corpus of a scale under ``out/<scale>`` (replacing an older one)."""
    folder = out / scale
    shutil.rmtree(folder, ignore_errors=True)
    sessions = sessions_of(scale, seed)
    manifest = Manifest(scale, seed, fingerprint(seed))
    write_text_pages(folder, sessions, manifest, scale == "samples")
    write_html_pages(folder, sessions, manifest)
    write_feeds(folder, sessions, manifest)
    (folder / "manifest.json").write_text(json.dumps(manifest.to_json(), indent=1) + "\n")
    return manifest


def write_text_pages(folder: Path, sessions, manifest: Manifest, copy_samples: bool) -> None:
    originals = {path.stem: path for path in SAMPLES.glob("*.txt")} if copy_samples else {}
    for session in sessions:
        shape, name = pages.text_shape(session), page_name(session)
        original = originals.get(name)
        text = original.read_text(encoding="utf-8") if original else pages.session_text(session)
        manifest.add(shape, folder / "text" / shape / f"{name}.txt", text, len(session.items))


def write_html_pages(folder: Path, sessions, manifest: Manifest) -> None:
    from tests.pagegen.html_pages import session_html

    for session in sessions:
        path = folder / "html" / f"{page_name(session)}.html"
        manifest.add("html", path, session_html(session), len(session.items))


def write_feeds(folder: Path, sessions: list[Session], manifest: Manifest) -> None:
    """One feed per conference, as each site publishes its own."""
    by_conference: dict[tuple, list[Session]] = defaultdict(list)
    for session in sessions:
        by_conference[(session.conference, session.year)].append(session)
    for (conference, year), group in by_conference.items():
        text = pages.feed_text(group)
        count = len(json.loads(text)["results"])
        manifest.add("feed", folder / "feed" / pages.feed_name(conference, year), text, count)


def is_current(scale: str, out: Path = OUT, seed: int = corpus.SEED) -> bool:
    """True when ``out/<scale>`` was written by these sources with this seed."""
    path = out / scale / "manifest.json"
    if not path.exists():
        return False
    return json.loads(path.read_text())["fingerprint"] == fingerprint(seed)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=SCALE_NAMES, action="append")
    parser.add_argument("--seed", type=int, default=corpus.SEED)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--check", action="store_true", help="parse every page back and compare")
    args = parser.parse_args(argv)
    failed = False
    for scale in args.scale or ["samples", "1x"]:
        manifest = write(scale, args.out, args.seed)
        for shape, stats in sorted(manifest.shapes.items()):
            mb = stats.bytes / 1e6
            print(
                f"{scale:>7} {shape:<15} {stats.files:5} files {mb:8.2f} MB {stats.items:7} items"
            )
        if args.check:
            from benchmarks.roundtrip import report

            failed |= not report(sessions_of(scale, args.seed), print)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

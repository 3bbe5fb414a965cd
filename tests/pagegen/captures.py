"""Captures of the generated HTML pages made by the real tools: lynx and w3m dumps,
markdownify and html2text Markdown. The outputs are committed (tests stay offline and need
none of these tools); regenerate them, never edit them::

    apt-get install lynx w3m && pip install markdownify html2text
    python -m tests.pagegen.captures --write
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

from .html_pages import FIXTURES, fixture_pages

CAPTURES = FIXTURES / "captures"
# Samples with a "Session" header; the NeurIPS 2020 track has none, and a capture of it
# starts with navigation that no reader can tell from its title.
CAPTURED = (
    "iclr2021-oral-session-1", "iclr2021-oral-session-7", "iclr2023-poster-session-3",
    "icml2022-deep-learning",
)  # fmt: skip
EVERY_TOOL_ON = "iclr2021-oral-session-1"  # the small page that every tool captures


def lynx(path: Path) -> str:
    return _run(["lynx", "-dump", "-force_html", "-display_charset=utf-8", str(path)])


def w3m(path: Path, numbered: bool = False) -> str:
    options = ["-o", "display_link_number=1"] if numbered else []
    return _run(["w3m", "-dump", "-T", "text/html", "-O", "UTF-8", *options, str(path)])


def markdownify_capture(path: Path) -> str:
    import markdownify

    return markdownify.markdownify(path.read_text(encoding="utf-8"))


def html2text_capture(path: Path) -> str:
    import html2text

    return html2text.html2text(path.read_text(encoding="utf-8"))


def _run(command: list[str]) -> str:
    done = subprocess.run(command, capture_output=True, check=True, timeout=60)
    return done.stdout.decode("utf-8")


def captures_of(name: str, html: str) -> dict[str, str]:
    """File name -> capture, for one page. The file is saved as 'page.html' in a temporary
    folder so that the file:// links the text browsers print do not depend on the machine."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "page.html"
        path.write_text(html, encoding="utf-8")
        found = {f"{name}.lynx.txt": lynx(path), f"{name}.md": markdownify_capture(path)}
        if name == EVERY_TOOL_ON:
            found[f"{name}.w3m.txt"] = w3m(path)
            found[f"{name}.w3m-numbered.txt"] = w3m(path, numbered=True)
            found[f"{name}.html2text.md"] = html2text_capture(path)
    return {file: text.replace(folder, "/saved") for file, text in found.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help=f"rewrite the files in {CAPTURES}")
    args = parser.parse_args(argv)
    pages = fixture_pages()
    captures: dict[str, str] = {}
    for name in CAPTURED:
        captures.update(captures_of(name, pages[f"{name}.html"]))
    if args.write:
        CAPTURES.mkdir(parents=True, exist_ok=True)
        for file, text in captures.items():
            (CAPTURES / file).write_text(text, encoding="utf-8")
            print(f"wrote {CAPTURES / file}")
    else:
        print("\n".join(captures))
    return 0


if __name__ == "__main__":
    sys.exit(main())

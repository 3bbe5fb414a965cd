"""Captures of the real HTML files made by the real tools, as people make them: w3m and lynx
dumps (with and without their lists of links) and html2text's Markdown, of the listing
pages people saved (tests/fixtures/real/*.html) and of the session pages
(tests/fixtures/html/*.html). The outputs are committed in tests/fixtures/real/captures/
(tests stay offline and need none of these tools); regenerate them, never edit them::

    apt-get install lynx w3m && pip install html2text
    python -m tests.pagegen.real_captures --write

Each file is dumped from a temporary folder under its own name, and the folder's path is
written as /saved, so that the file:// links the browsers print do not depend on the
machine.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
LISTINGS = sorted((FIXTURES / "real").glob("*.html"))
SESSION_PAGES = sorted((FIXTURES / "html").glob("*.html"))
CAPTURES = FIXTURES / "real" / "captures"
SAVED = "/saved"

LYNX = ["lynx", "-dump", "-force_html", "-display_charset=utf-8"]
W3M = ["w3m", "-dump", "-T", "text/html", "-O", "UTF-8"]
# Tool name (the capture's middle suffix) -> its command, run on the file's path.
COMMANDS: dict[str, list[str]] = {
    "w3m": W3M,
    "w3m-numbered": [*W3M, "-o", "display_link_number=1"],
    "lynx": LYNX,
    "lynx-nolist": [*LYNX, "-nolist"],
}
SUFFIXES = {"w3m": ".txt", "w3m-numbered": ".txt", "lynx": ".txt", "lynx-nolist": ".txt"}
SUFFIXES["html2text"] = ".md"
TOOLS = tuple(SUFFIXES)


def capture_name(html: Path, tool: str) -> str:
    return f"{html.stem}.{tool}{SUFFIXES[tool]}"


def run_tool(tool: str, path: Path) -> str:
    """One tool's capture of one saved HTML file."""
    if tool == "html2text":
        return _html2text(path)
    done = subprocess.run([*COMMANDS[tool], str(path)], capture_output=True, check=True, timeout=60)
    return done.stdout.decode("utf-8")


def _html2text(path: Path) -> str:
    import html2text

    return html2text.html2text(path.read_text(encoding="utf-8"))


def capture(html: Path, tool: str) -> str:
    """The capture of ``html`` by ``tool``, made from a copy in a temporary folder."""
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / html.name
        copy.write_bytes(html.read_bytes())
        return run_tool(tool, copy).replace(folder, SAVED)


def versions() -> dict[str, str]:
    """The version line of each tool, for the README."""
    import html2text

    def first(command: list[str]) -> str:
        done = subprocess.run(command, capture_output=True, check=True)
        return done.stdout.decode().splitlines()[0]

    return {
        "w3m": first(["w3m", "-version"]),
        "lynx": first(["lynx", "-version"]),
        "html2text": "html2text " + ".".join(map(str, html2text.__version__)),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help=f"rewrite the files in {CAPTURES}")
    args = parser.parse_args(argv)
    found = {
        capture_name(html, tool): capture(html, tool)
        for html in (*LISTINGS, *SESSION_PAGES)
        for tool in TOOLS
    }
    if args.write:
        CAPTURES.mkdir(parents=True, exist_ok=True)
        for name, text in found.items():
            (CAPTURES / name).write_text(text, encoding="utf-8")
    for name, version in versions().items():
        print(f"{name}: {version}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

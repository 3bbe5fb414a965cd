"""ARCHITECTURE.md stays true: every module path it names exists, and every module of
confcli/ is named in it. Read as text, so a module added, moved or removed without the map
changing fails here.

What names a module (the rule, one place):

- a code span holding its path below confcli/: `main.py`, `readers/registry.py`, or its
  dotted name, alone or with an attribute: `export.atomic.atomic_write`; a pattern
  (`*_cli.py`) names every module it matches;
- in a table row that names its package (`store/`, `render/`), its bare name: `rows.py`,
  `jsonout`, `output.emit` (the rows list a package's modules after the package);
- for the two families the map names as a kind, not one by one: a reader module is named
  by "one module per shape" when readers/registry.py's SHAPES names it (its
  "confcli.readers.<module>:<function>"), or when it is one of a shape's own helper modules,
  named for the shape (`listing_cards.py` beside `listing.py`); an export writer is named
  by "export writers" when export/registry.py makes a ``Writer`` of it;
- ``__init__.py`` and ``__main__.py`` are a package's plumbing, not modules of the map.

A code span ending in ``.py`` or ``/`` is a path, and must exist (a pattern: match a file):
below the repository for `tests/…` and `confcli/…`, else below confcli/ or below the
package its table row names.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import REPO

PACKAGE = REPO / "confcli"
MAP = REPO / "ARCHITECTURE.md"
CODE = re.compile(r"`([^`\n]+)`")
DIRECTORY = re.compile(r"^[a-z_]+/$")
DOTTED = re.compile(r"^[a-z_][a-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*$")
SHAPE_MODULE = re.compile(r'"confcli\.readers\.([a-z0-9_]+):')
WRITER_MODULE = re.compile(r"Writer\([^,]+,\s*([a-z0-9_]+)\.")
PLUMBING = {"__init__.py", "__main__.py"}


def _spans(line: str) -> list[str]:
    return CODE.findall(line)


def _row_packages(line: str) -> list[str]:
    """The packages a table row names (`store/`, `render/`); none outside tables."""
    if not line.startswith("|"):
        return []
    return [span.rstrip("/") for span in _spans(line) if DIRECTORY.match(span)]


def _modules() -> list[str]:
    """Every module below confcli/, as a path relative to it ('store/rows.py')."""
    found = (path.relative_to(PACKAGE).as_posix() for path in PACKAGE.rglob("*.py"))
    return sorted(path for path in found if Path(path).name not in PLUMBING)


def _named_paths() -> set[str]:
    """The module paths the map names, by the rule of the module docstring."""
    named: set[str] = set()
    for line in MAP.read_text().splitlines():
        packages = _row_packages(line)
        for span in _spans(line):
            named.update(_candidates(span, packages))
    return named


def _candidates(span: str, packages: list[str]) -> set[str]:
    """The module paths a code span may name: itself, and each dotted prefix of it, as a
    path below confcli/ or below a package of its row."""
    if "*" in span:
        return set(_matches(span, packages))
    if span.endswith(".py"):
        stems = [span.removesuffix(".py")]
    elif DOTTED.match(span):
        parts = span.split(".")
        stems = ["/".join(parts[:end]) for end in range(1, len(parts) + 1)]
    else:
        return set()
    prefixes = ["", *(f"{package}/" for package in packages)]
    return {f"{prefix}{stem}.py" for stem in stems for prefix in prefixes}


def _family(directory: str, registry_pattern: re.Pattern[str]) -> set[str]:
    """The modules a registry names (readers' shapes, export's writers)."""
    registry = (PACKAGE / directory / "registry.py").read_text()
    return set(registry_pattern.findall(registry))


def _named_by_family(module: str) -> bool:
    directory, _, file = module.rpartition("/")
    stem = file.removesuffix(".py")
    if directory == "readers":
        shapes = _family("readers", SHAPE_MODULE)
        return stem in shapes or any(stem.startswith(f"{shape}_") for shape in shapes)
    if directory == "export":
        return stem in _family("export", WRITER_MODULE)
    return False


def _path_spans() -> list[tuple[str, list[str]]]:
    """(span, the packages of its row) for every code span that is a path."""
    found = []
    for line in MAP.read_text().splitlines():
        packages = _row_packages(line)
        found += [(span, packages) for span in _spans(line) if span.endswith((".py", "/"))]
    return found


def _bases(span: str, packages: list[str]) -> list[Path]:
    if span.startswith(("tests/", "confcli/")):
        return [REPO]
    return [PACKAGE, *(PACKAGE / package for package in packages)]


def _matches(pattern: str, packages: list[str]) -> list[str]:
    """The modules (paths below confcli/) a pattern such as `*_cli.py` matches."""
    found = (path for base in _bases(pattern, packages) for path in base.glob(pattern))
    return [path.relative_to(PACKAGE).as_posix() for path in found if path.is_file()]


def _exists(span: str, packages: list[str]) -> bool:
    if "*" in span:
        return bool(_matches(span, packages))
    return any((base / span).exists() for base in _bases(span, packages))


def test_the_rule_sees_the_families() -> None:
    """The registries are read as the rule says: a change of their syntax fails here,
    not silently in the tests below."""
    assert {"feed", "html", "text", "captures", "listing"} <= _family("readers", SHAPE_MODULE)
    assert {"csvfile", "ics", "markdown", "frab", "frabxml"} <= _family("export", WRITER_MODULE)
    assert len(_path_spans()) >= 20


@pytest.mark.parametrize(("span", "packages"), _path_spans(), ids=lambda value: str(value))
def test_every_module_path_named_exists(span: str, packages: list[str]) -> None:
    assert _exists(span, packages), f"ARCHITECTURE.md names `{span}`, which does not exist"


@pytest.mark.parametrize("module", _modules())
def test_every_module_is_named(module: str) -> None:
    named = module in _named_paths() or _named_by_family(module)
    assert named, (
        f"confcli/{module} is not in ARCHITECTURE.md: name it in its layer's row (or, for "
        "a reader or export helper, name it after the shape or register the writer)"
    )

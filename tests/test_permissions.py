"""Files and folders the user may not read: one line, "permission denied", naming it (exit 3;
the library's own file: exit 6), never an internal error nor "no pages found".

Root reads everything, and CI runs as root: so confcli runs here in a subprocess as an
unprivileged user (`setpriv` to nobody), with a copy of confcli and of the packages it
imports in a folder that user may read (the test's own venv may sit in a folder only root
may enter: /root, a CI checkout). Run as an ordinary user, the tests need no setpriv.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import REPO, SAMPLES

from confcli.errors import ExitCode

UNPRIVILEGED = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"]


def _as_user(command: list[str]) -> list[str]:
    return [*UNPRIVILEGED, *command] if os.geteuid() == 0 else command


def _runs(python: str, folder: Path) -> bool:
    """Whether the unprivileged user can start this Python and import confcli's packages
    from ``folder`` (compiled ones need the same Python version as ours)."""
    version = tuple(sys.version_info[:2])
    check = f"import sys; sys.path[:0] = [{str(folder)!r}]; assert sys.version_info[:2] == "
    check += f"{version!r}; import confcli.main, rich, typer"
    try:
        done = subprocess.run(
            _as_user([python, "-I", "-c", check]),
            capture_output=True,
            timeout=60,
            cwd=folder,
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    if done.returncode:
        print(f"{python}: {done.stderr.decode(errors='replace')[-300:]}")  # why, with -rs -s
    return done.returncode == 0


def _pythons() -> list[str]:
    """Our interpreter (through its links) first, then the system's of our version."""
    version = f"python{sys.version_info[0]}.{sys.version_info[1]}"
    found = [sys.executable, os.path.realpath(sys.executable), sys._base_executable]
    found += [shutil.which(version) or "", f"/usr/bin/{version}", f"/usr/local/bin/{version}"]
    return [path for path in dict.fromkeys(found) if path and os.path.exists(path)]


def _copy_packages(folder: Path) -> None:
    """confcli, and every installed package a parse, a list or a search imports (found by
    importing them here: whatever confcli comes to need, the copy holds)."""
    shutil.copytree(REPO / "confcli", folder / "confcli", ignore=_no_caches)
    for name in _imported_packages():
        spec = importlib.util.find_spec(name)
        if spec is None or spec.origin is None:
            continue
        origin = Path(spec.origin)
        if origin.name == "__init__.py":
            shutil.copytree(origin.parent, folder / name, ignore=_no_caches)
        else:
            shutil.copy2(origin, folder / origin.name)


def _imported_packages() -> set[str]:
    for module in ("confcli.cli", "confcli.render.tables", "confcli.render.progress"):
        importlib.import_module(module)
    from confcli.readers import registry

    for shape in registry.SHAPES:  # every reader, and what it imports
        for where in (shape.reader, shape.sniffer):
            if isinstance(where, str):
                importlib.import_module(where.split(":")[0])
    for module in ("rich.table", "rich.progress", "dateutil.parser", "platformdirs"):
        importlib.import_module(module)
    installed = {path for path in sys.path if "site-packages" in path or "dist-packages" in path}
    names = set()
    for name, module in list(sys.modules.items()):
        where = getattr(module, "__file__", None) or ""
        if any(where.startswith(folder) for folder in installed):
            names.add(name.split(".")[0])
    return names - {"confcli", "_pytest", "pytest", "pluggy", "hypothesis", "py"}


def _no_caches(_folder: str, names: list[str]) -> list[str]:
    return [name for name in names if name == "__pycache__"]


@pytest.fixture(scope="module")
def sandbox() -> Iterator[tuple[str, Path]]:
    """(a Python the unprivileged user runs, a world-readable folder holding confcli)."""
    if os.geteuid() == 0 and not shutil.which("setpriv"):
        pytest.skip("running as root without setpriv: no way to run as an unprivileged user")
    root = Path(tempfile.mkdtemp(prefix="confcli-permissions-"))
    try:
        root.chmod(0o755)
        code = root / "code"
        _copy_packages(code)
        _open_up(code)
        python = next((p for p in _pythons() if _runs(p, code)), None)
        if python is None:
            pytest.skip(f"no Python of version {sys.version_info[:2]} the user nobody can run")
        yield python, root
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _open_up(folder: Path) -> None:
    for path in [folder, *folder.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)


def confcli(sandbox: tuple[str, Path], *args: str, library: Path) -> subprocess.CompletedProcess:
    python, root = sandbox
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "PYTHONPATH": str(root / "code"),
        "PYTHONDONTWRITEBYTECODE": "1",
        "CONFCLI_LIBRARY": str(library),
        "HOME": str(root),
        "LANG": "C.UTF-8",
    }
    command = _as_user([python, "-m", "confcli", *args])
    return subprocess.run(
        command, capture_output=True, text=True, env=env, cwd=root, timeout=120, check=False
    )


@pytest.fixture
def place(sandbox) -> Iterator[Path]:
    """A folder of the test's own, which the unprivileged user may enter and write in."""
    folder = Path(tempfile.mkdtemp(dir=sandbox[1]))
    folder.chmod(0o777)
    yield folder
    for path in [folder, *folder.rglob("*")]:  # give root's copy back its rights to delete
        path.chmod(0o700 if path.is_dir() else 0o600)
    shutil.rmtree(folder, ignore_errors=True)


def _page(folder: Path, name: str = "iclr2021-oral-session-7.txt", mode: int = 0o644) -> Path:
    path = folder / name
    shutil.copy(SAMPLES / "iclr2021-oral-session-7.txt", path)
    path.chmod(mode)
    return path


def _folder(path: Path, mode: int) -> Path:
    path.mkdir()
    _page(path)
    path.chmod(mode)
    return path


def test_a_folder_the_user_may_not_enter(sandbox, place):
    secret = _folder(place / "secret", 0o700)  # root's: nobody may neither list nor enter
    for named in (secret, secret / "iclr2021-oral-session-7.txt"):
        done = confcli(sandbox, "parse", str(named), library=place / "library.sqlite")
        assert done.returncode == ExitCode.BAD_INPUT, done.stderr
        assert done.stderr == f"confcli: error: {named}: permission denied\n"
        assert done.stdout == ""


def test_a_folder_listed_but_not_entered_and_an_unreadable_file(sandbox, place):
    listed = _folder(place / "listed", 0o744)  # names readable, entries may not be opened
    done = confcli(sandbox, "parse", str(listed), library=place / "library.sqlite")
    assert done.returncode == ExitCode.BAD_INPUT
    assert done.stderr == (
        f"confcli: error: {listed / 'iclr2021-oral-session-7.txt'}: permission denied\n"
    )
    mixed = place / "mixed"
    mixed.mkdir(mode=0o755)
    _page(mixed)
    locked = _page(mixed, "locked.txt", mode=0o000)
    done = confcli(sandbox, "parse", str(mixed), library=place / "library.sqlite")
    assert done.returncode == ExitCode.PARTIAL  # the readable page is stored
    assert f"confcli: error: {locked}: permission denied\n" in done.stderr
    assert "stored 1 session(s), 16 item(s)" in done.stderr
    direct = confcli(sandbox, "parse", str(locked), library=place / "library.sqlite")
    assert (direct.returncode, direct.stderr) == (
        ExitCode.BAD_INPUT,
        f"confcli: error: {locked}: permission denied\n",
    )


def test_a_folder_inside_one_being_read(sandbox, place):
    outer = place / "outer"
    outer.mkdir(mode=0o755)
    _page(outer)
    inner = _folder(outer / "inner", 0o700)
    done = confcli(sandbox, "parse", str(outer), library=place / "library.sqlite")
    assert done.returncode == ExitCode.PARTIAL
    assert f"confcli: error: {inner}: permission denied\n" in done.stderr
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr


def test_a_glob_and_from_over_unreadable_files(sandbox, place):
    secret = _folder(place / "secret", 0o700)
    done = confcli(sandbox, "parse", str(secret / "*.txt"), library=place / "library.sqlite")
    assert (done.returncode, done.stderr) == (
        ExitCode.BAD_INPUT,
        f"confcli: error: {secret}: permission denied\n",
    )
    page = secret / "iclr2021-oral-session-7.txt"
    listed = confcli(sandbox, "list", "--from", str(page), library=place / "library.sqlite")
    assert (listed.returncode, listed.stderr) == (
        ExitCode.BAD_INPUT,
        f"confcli: error: {page}: permission denied\n",
    )


def test_a_library_the_user_may_not_read(sandbox, place):
    secret = place / "secret"
    secret.mkdir(mode=0o700)
    hidden = secret / "library.sqlite"
    done = confcli(sandbox, "list", library=hidden)
    assert done.returncode == ExitCode.LIBRARY
    assert done.stderr == f"confcli: error: cannot open the library {hidden}: permission denied\n"
    readable = place / "library.sqlite"
    assert confcli(sandbox, "parse", str(_page(place)), library=readable).returncode == 0
    readable.chmod(0o000)
    done = confcli(sandbox, "list", library=readable)
    assert (done.returncode, done.stderr) == (
        ExitCode.LIBRARY,
        f"confcli: error: cannot open the library {readable}: permission denied\n",
    )

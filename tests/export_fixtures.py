"""The export tests' fixtures, loaded by their modules as a plugin
(``pytest_plugins = ["export_fixtures"]``): libraries to export from."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import REPO, SAMPLE_FILES, run_cli
from export_support import EPOCH_2024, hostile_session

from confcli.model import Session
from confcli.store.library import Library


@pytest.fixture(scope="session")
def samples_template(tmp_path_factory) -> Path:
    """The five samples parsed once per test run, by relative path so that ``source``
    is the same on every machine; tests get a copy."""
    template = tmp_path_factory.mktemp("export") / "samples.sqlite"
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(REPO)
        patch.setenv("CONFCLI_LIBRARY", str(template))
        result = run_cli("parse", *(str(path.relative_to(REPO)) for path in SAMPLE_FILES))
    assert result.code == 0, result.stderr
    return template


@pytest.fixture
def samples(samples_template, isolated_library) -> Path:
    shutil.copyfile(samples_template, isolated_library)
    return isolated_library


@pytest.fixture
def stamped(monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH_2024)


@pytest.fixture
def hostile(isolated_library) -> Session:
    """A library holding only the hostile session; returns that session."""
    session = hostile_session()
    with Library(isolated_library) as library:
        library.store([session])
    return session

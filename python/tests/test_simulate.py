"""Every fixture of spec-fixtures/ through `xorigin.simulate` under each
profile gives exactly what the Rust command line prints."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import xorigin
from conftest import FIXTURES, PROFILES, REPO


def name(path: Path) -> str:
    return str(path.relative_to(REPO / "spec-fixtures"))


def test_the_corpus_is_there() -> None:
    assert len(FIXTURES) >= 500


@pytest.mark.parametrize("browser", PROFILES)
@pytest.mark.parametrize("fixture", FIXTURES, ids=name)
def test_fixture_as_the_cli_prints_it(fixture: Path, browser: str, simulate_goldens) -> None:
    got = xorigin.simulate(fixture.read_text(encoding="utf-8"), browser)
    assert got == simulate_goldens[browser][fixture]
    # Same keys in the same order too (the CLI keeps the input's order).
    assert json.dumps(got) == json.dumps(simulate_goldens[browser][fixture])


@pytest.mark.parametrize("fixture", FIXTURES, ids=name)
def test_a_dict_gives_what_its_json_text_gives(fixture: Path) -> None:
    text = fixture.read_text(encoding="utf-8")
    assert xorigin.simulate(json.loads(text), "webkit") == xorigin.simulate(text, "webkit")


def test_browser_none_is_the_scenarios_own_browser_else_the_standard() -> None:
    scenario = {
        "id": "own-browser",
        "client": {"origin": "https://app.a.test"},
        "server": [{"method": "GET", "url": "https://api.b.test/x", "status": 200}],
        "fetches": [{"request": {"url": "https://api.b.test/x"}}],
    }
    assert xorigin.simulate(scenario, None) == xorigin.simulate(scenario, "spec")
    firefox = dict(scenario, browser="firefox")
    assert xorigin.simulate(firefox, None) == xorigin.simulate(firefox, "firefox")


def test_the_default_browser_is_chromium() -> None:
    fixture = FIXTURES[0].read_text(encoding="utf-8")
    assert xorigin.simulate(fixture) == xorigin.simulate(fixture, "chromium")


def test_the_input_is_not_changed() -> None:
    scenario = json.loads(FIXTURES[0].read_text(encoding="utf-8"))
    before = json.dumps(scenario)
    xorigin.simulate(scenario, "spec")
    assert json.dumps(scenario) == before

"""Bad input raises the typed exception of its kind, never anything else."""

from __future__ import annotations

import math

import pytest

import xorigin

SCENARIO = {
    "id": "simple-get",
    "client": {"origin": "https://app.a.test"},
    "server": [{"method": "GET", "url": "https://api.b.test/x", "status": 200}],
    "fetches": [{"request": {"url": "https://api.b.test/x"}}],
}


def with_(**changes):
    return dict(SCENARIO, **changes)


def test_the_hierarchy() -> None:
    for kind in (xorigin.InvalidJson, xorigin.InvalidScenario, xorigin.InvalidRequest,
                 xorigin.UnknownBrowser):
        assert issubclass(kind, xorigin.XoriginError)
        assert kind.__module__ == "xorigin"
    assert issubclass(xorigin.XoriginError, ValueError)


@pytest.mark.parametrize("scenario", [
    "not json",
    "{}",
    "[]",
    with_(id=7),
    with_(fetches="none"),
    with_(unknown_field=True),
    with_(client={"origin": math.nan}),
    with_(client={"origin": object()}),
], ids=["text", "empty", "array", "id-not-a-string", "fetches-not-a-list", "unknown-field",
        "nan", "not-json-at-all"])
def test_simulate_invalid_json(scenario) -> None:
    with pytest.raises(xorigin.InvalidJson):
        xorigin.simulate(scenario, "chromium")


@pytest.mark.parametrize("scenario", [
    with_(client={"origin": "not an origin"}),
    with_(server=[{"method": "GET", "url": "no url", "status": 200}]),
], ids=["client-origin", "server-url"])
def test_simulate_invalid_scenario(scenario) -> None:
    with pytest.raises(xorigin.InvalidScenario) as e:
        xorigin.simulate(scenario, "spec")
    assert str(e.value)


@pytest.mark.parametrize("browser", ["netscape", "Chromium", ""])
def test_unknown_browser(browser: str) -> None:
    with pytest.raises(xorigin.UnknownBrowser, match="expected chromium, firefox, webkit or spec"):
        xorigin.simulate(SCENARIO, browser)
    with pytest.raises(xorigin.UnknownBrowser):
        xorigin.check("https://api.b.test/x", origin="https://app.a.test", browser=browser)


@pytest.mark.parametrize("kwargs, names", [
    (dict(mode="sideways"), "mode"),
    (dict(credentials="always"), "credentials"),
    (dict(headers={"X-Count": 1}), "headers"),
    (dict(headers="X-A: b"), "headers"),
    (dict(response={"status": "ok"}), "response"),
    (dict(preflight={"status": 204, "hedaers": []}), "hedaers"),
    (dict(destination="spaceship"), "destination"),
    (dict(server=[{"method": "GET"}], response={"status": 200}), "server"),
], ids=["mode", "credentials", "header-value", "headers-string", "status", "unknown-field",
        "destination", "server-and-response"])
def test_check_invalid_json(kwargs, names: str) -> None:
    with pytest.raises(xorigin.InvalidJson, match=names):
        xorigin.check("https://api.b.test/x", origin="https://app.a.test", **kwargs)


@pytest.mark.parametrize("url, origin, method", [
    ("https://bad host.test/x", "https://app.a.test", "GET"),
    ("https://api.b.test/x", "not an origin", "GET"),
    ("https://api.b.test/x", "https://app.a.test", "GE T"),
], ids=["url", "origin", "method"])
def test_check_invalid_request(url: str, origin: str, method: str) -> None:
    with pytest.raises(xorigin.InvalidRequest):
        xorigin.check(url, origin=origin, method=method)


def test_a_bad_header_name_is_an_invalid_request() -> None:
    with pytest.raises(xorigin.InvalidRequest):
        xorigin.check("https://api.b.test/x", origin="https://app.a.test",
                      headers=[("Bad Name", "v")])


def test_errors_are_value_errors() -> None:
    with pytest.raises(ValueError):
        xorigin.simulate("not json")

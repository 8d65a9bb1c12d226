"""`xorigin.check` gives exactly what `xorigin check --json` prints, per browser."""

from __future__ import annotations

import json
from typing import Any, Dict, List, Tuple

import pytest

import xorigin
from conftest import PROFILES, run_cli

ORIGIN = "https://app.a.test"

# (keyword arguments of xorigin.check, the same request as command-line flags)
CASES: Dict[str, Tuple[Dict[str, Any], List[str]]] = {
    "put-without-allow-methods": (
        dict(
            url="https://api.b.test/items",
            method="PUT",
            headers={"Content-Type": "application/json"},
            preflight={"status": 204, "headers": {"Access-Control-Allow-Origin": ORIGIN}},
            response={"headers": [("Access-Control-Allow-Origin", ORIGIN)]},
        ),
        ["https://api.b.test/items", "-X", "PUT", "-H", "Content-Type: application/json",
         "--preflight-header", f"Access-Control-Allow-Origin: {ORIGIN}",
         "--response-header", f"Access-Control-Allow-Origin: {ORIGIN}"],
    ),
    "put-allowed": (
        dict(
            url="https://api.b.test/items",
            method="PUT",
            headers=[("Content-Type", "application/json")],
            preflight={"headers": {"Access-Control-Allow-Origin": ORIGIN,
                                   "Access-Control-Allow-Methods": "PUT",
                                   "Access-Control-Allow-Headers": "content-type"}},
            response={"status": 200, "headers": {"Access-Control-Allow-Origin": ORIGIN}},
        ),
        ["https://api.b.test/items", "-X", "PUT", "-H", "Content-Type: application/json",
         "--preflight-header", f"Access-Control-Allow-Origin: {ORIGIN}",
         "--preflight-header", "Access-Control-Allow-Methods: PUT",
         "--preflight-header", "Access-Control-Allow-Headers: content-type",
         "--response-header", f"Access-Control-Allow-Origin: {ORIGIN}"],
    ),
    "credentials-against-a-star": (
        dict(
            url="https://api.b.test/me",
            credentials="include",
            response={"headers": {"Access-Control-Allow-Origin": "*"}},
        ),
        ["https://api.b.test/me", "--credentials", "include",
         "--response-header", "Access-Control-Allow-Origin: *"],
    ),
    "redirect-chain": (
        dict(
            url="https://api.b.test/old",
            server=[
                {"method": "GET", "url": "https://api.b.test/old", "status": 301,
                 "headers": [["Location", "https://api.c.test/new"],
                             ["Access-Control-Allow-Origin", "*"]]},
                {"method": "GET", "url": "https://api.c.test/new", "status": 200,
                 "headers": [["Access-Control-Allow-Origin", "*"]]},
            ],
        ),
        ["https://api.b.test/old",
         "--server-entry", "GET https://api.b.test/old 301 | Location: https://api.c.test/new"
         " | Access-Control-Allow-Origin: *",
         "--server-entry", "GET https://api.c.test/new 200 | Access-Control-Allow-Origin: *"],
    ),
    "image-without-content-type": (
        dict(url="https://cdn.b.test/logo.png", destination="image",
             response={"status": 200, "body": "not an image"}),
        ["https://cdn.b.test/logo.png", "--destination", "image",
         "--response-body", "not an image"],
    ),
}


def cli_check(flags: List[str], browser: str = "") -> Dict[str, Any]:
    more = ["--browser", browser] if browser else []
    done = run_cli("check", "--origin", ORIGIN, "--json", *more, *flags)
    assert done.stdout, done.stderr
    result: Dict[str, Any] = json.loads(done.stdout)
    return result


@pytest.mark.parametrize("browser", PROFILES)
@pytest.mark.parametrize("case", sorted(CASES))
def test_one_browser_as_the_cli_prints_it(case: str, browser: str) -> None:
    kwargs, flags = CASES[case]
    got = xorigin.check(origin=ORIGIN, browser=browser, **kwargs)
    assert got == cli_check(flags, browser)
    assert "verdicts" not in got


@pytest.mark.parametrize("case", sorted(CASES))
def test_every_browser_as_the_cli_prints_it(case: str) -> None:
    kwargs, flags = CASES[case]
    got = xorigin.check(origin=ORIGIN, **kwargs)
    assert got == cli_check(flags)
    assert [v["browser"] for v in got["verdicts"]] == ["chromium", "firefox", "webkit"]


def test_blocked_in_names_the_browsers_that_block() -> None:
    kwargs, _ = CASES["put-without-allow-methods"]
    assert xorigin.check(origin=ORIGIN, **kwargs)["blocked_in"] == ["chromium", "firefox", "webkit"]
    kwargs, _ = CASES["put-allowed"]
    assert xorigin.check(origin=ORIGIN, **kwargs)["blocked_in"] == []

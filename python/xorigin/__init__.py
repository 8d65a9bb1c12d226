"""Predicts exactly what browsers' same-origin policy and CORS do with a request.

The Rust engine of `xorigin <https://crates.io/crates/xorigin>`_ follows the
WHATWG Fetch standard step by step, with Chromium, Firefox and WebKit
profiles. Two calls, each giving exactly the JSON the command line prints
with ``--json``, as a dict:

- :func:`simulate`: a scenario (the format of ``spec-fixtures/``) with every
  fetch's ``expect`` filled in, as ``xorigin simulate --json`` prints it.
- :func:`check`: one request against the server's answers, per browser, as
  ``xorigin check --json`` prints it.

Bad input raises a :class:`XoriginError` (also a :class:`ValueError`):
:class:`InvalidJson`, :class:`InvalidScenario`, :class:`InvalidRequest` or
:class:`UnknownBrowser`.
"""

from __future__ import annotations

import json
from typing import Any, Dict, Iterable, Mapping, Optional, Tuple, Union

from ._xorigin import (
    InvalidJson,
    InvalidRequest,
    InvalidScenario,
    UnknownBrowser,
    XoriginError,
    browser_name,
    check_json,
    simulate_json,
)

__all__ = [
    "BROWSERS",
    "InvalidJson",
    "InvalidRequest",
    "InvalidScenario",
    "UnknownBrowser",
    "XoriginError",
    "check",
    "simulate",
]

__version__ = "0.1.0"

#: The browser profiles, as ``browser=`` spells them.
BROWSERS: Tuple[str, ...] = ("chromium", "firefox", "webkit", "spec")

Headers = Union[Mapping[str, str], Iterable[Tuple[str, str]]]


def _plain(value: Any) -> Any:
    """A mapping as a dict, any other iterable (a generator, a set of pairs) as a list."""
    if isinstance(value, Mapping):
        return dict(value)
    if isinstance(value, Iterable) and not isinstance(value, (str, bytes, bytearray)):
        return list(value)
    raise TypeError(f"{type(value).__name__} is not JSON")


def _dumps(value: Any, what: str) -> str:
    """JSON text of ``value``; a value JSON cannot hold is :class:`InvalidJson`."""
    try:
        return json.dumps(value, allow_nan=False, default=_plain)
    except (TypeError, ValueError) as e:
        raise InvalidJson(f"{what}: {e}") from None


def simulate(
    scenario: Union[Mapping[str, Any], str],
    browser: Optional[str] = "chromium",
) -> Dict[str, Any]:
    """The scenario with every fetch's ``expect`` filled in.

    Exactly what ``xorigin simulate --browser BROWSER --json`` prints for
    this one scenario. ``scenario`` is a dict in the scenario format
    (``docs/scenario-format.md``) or its JSON text; ``browser`` is one of
    :data:`BROWSERS`, or None for the scenario's own ``browser`` (else the
    standard).
    """
    text = scenario if isinstance(scenario, str) else _dumps(scenario, "scenario")
    result: Dict[str, Any] = json.loads(simulate_json(text, browser))
    return result


def check(
    url: str,
    *,
    origin: str,
    method: str = "GET",
    headers: Headers = (),
    credentials: str = "same-origin",
    mode: str = "cors",
    redirect: str = "follow",
    body: Optional[str] = None,
    referrer_policy: Optional[str] = None,
    destination: Optional[str] = None,
    crossorigin: Optional[str] = None,
    page_headers: Headers = (),
    client_address_space: Optional[str] = None,
    target_address_space: Optional[str] = None,
    server: Optional[Iterable[Mapping[str, Any]]] = None,
    preflight: Optional[Mapping[str, Any]] = None,
    response: Optional[Mapping[str, Any]] = None,
    browser: Optional[str] = None,
) -> Dict[str, Any]:
    """One request from a page at ``origin`` against the server's answers.

    Exactly what ``xorigin check --json`` prints. With ``browser`` None,
    Chromium, Firefox and WebKit are asked: the result is the detailed
    explanation of the first browser that blocks (else the first), with
    ``verdicts`` (one per browser), ``standard``, ``assumed_empty_body`` and
    ``blocked_in`` beside it. With ``browser``, that browser's explanation.

    ``headers`` and ``page_headers`` are a mapping or ``(name, value)``
    pairs. The server answers either with ``server`` (the scenario format's
    ``server`` entries: redirect chains, an answer per URL) or with the
    fixed answers ``preflight`` (default ``{"status": 204}``) and
    ``response`` (default ``{"status": 200}``), each
    ``{"status": int, "headers": ..., "body": str}``.
    """
    if browser is not None:
        browser_name(browser)
    request: Dict[str, Any] = {
        "url": url,
        "origin": origin,
        "method": method,
        "headers": headers,
        "credentials": credentials,
        "mode": mode,
        "redirect": redirect,
        "page_headers": page_headers,
    }
    optional = {
        "body": body,
        "referrer_policy": referrer_policy,
        "destination": destination,
        "crossorigin": crossorigin,
        "client_address_space": client_address_space,
        "target_address_space": target_address_space,
        "server": server,
        "preflight": preflight,
        "response": response,
        "browser": browser,
    }
    request.update((name, value) for name, value in optional.items() if value is not None)
    result: Dict[str, Any] = json.loads(check_json(_dumps(request, "check")))
    return result

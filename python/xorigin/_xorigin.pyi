"""The Rust engine of :mod:`xorigin` (JSON text in and out); use :mod:`xorigin` itself."""

from typing import Optional

__all__ = [
    "InvalidJson",
    "InvalidRequest",
    "InvalidScenario",
    "UnknownBrowser",
    "XoriginError",
    "browser_name",
    "check_json",
    "simulate_json",
]

class XoriginError(ValueError):
    """Input that xorigin cannot run; every other xorigin exception is one."""

class InvalidJson(XoriginError):
    """The input is not JSON, or not of the expected shape."""

class InvalidScenario(XoriginError):
    """The scenario is of the right shape but cannot be run."""

class InvalidRequest(XoriginError):
    """The check's request cannot be made (a bad URL, origin, method or header)."""

class UnknownBrowser(XoriginError):
    """The browser's name is none of chromium, firefox, webkit, spec."""

def simulate_json(scenario: str, browser: Optional[str] = None) -> str:
    """The scenario (JSON text) with every ``expect`` filled in, as JSON text."""

def check_json(input: str) -> str:
    """One request against the server's answers, as ``xorigin check --json`` prints it."""

def browser_name(name: str) -> str:
    """``name`` if it is a browser profile's name, else :class:`UnknownBrowser`."""

"""Shared fixtures: the repository's scenario corpus and the native CLI.

The goldens are made in the test run by the release binary of the Rust
command line (``XORIGIN_BIN``, default ``target/release/xorigin`` at the
repository's root): the bar is that the package gives exactly its dicts.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any, Dict, List

import pytest

REPO = Path(__file__).resolve().parents[2]
FIXTURES: List[Path] = sorted((REPO / "spec-fixtures").rglob("*.json"))
PROFILES = ("spec", "chromium", "firefox", "webkit")


def cli() -> Path:
    """The `xorigin` binary the package is compared with."""
    path = Path(os.environ.get("XORIGIN_BIN", REPO / "target" / "release" / "xorigin"))
    if not path.is_file():
        pytest.fail(f"{path} is missing: `cargo build --release` first, or set XORIGIN_BIN")
    return path


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(cli()), *args], capture_output=True, text=True, check=False)


@pytest.fixture(scope="session")
def simulate_goldens() -> Dict[str, Dict[Path, Any]]:
    """`xorigin simulate --browser B --json` over the corpus, per profile, per file."""
    goldens: Dict[str, Dict[Path, Any]] = {}
    for browser in PROFILES:
        done = run_cli("simulate", "--browser", browser, "--json", *map(str, FIXTURES))
        assert done.returncode == 0, done.stderr
        printed = json.loads(done.stdout)
        assert len(printed) == len(FIXTURES)
        goldens[browser] = dict(zip(FIXTURES, printed))
    return goldens

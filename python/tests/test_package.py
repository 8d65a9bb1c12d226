"""The installed package: its version, its typing files, its native module."""

from __future__ import annotations

from importlib import metadata
from pathlib import Path

import xorigin
from xorigin import _xorigin


def test_the_version_is_the_distributions() -> None:
    assert xorigin.__version__ == metadata.version("xorigin")


def test_the_typing_files_ship_with_it() -> None:
    here = Path(xorigin.__file__).parent
    assert (here / "py.typed").is_file()
    assert (here / "_xorigin.pyi").is_file()


def test_the_browsers_are_the_engines() -> None:
    for browser in xorigin.BROWSERS:
        assert _xorigin.browser_name(browser) == browser

"""The error hierarchy of hip-coding.

The library raises these; the CLI turns each into one clear line on stderr and an exit code.
Per-sample failures (a kernel that does not compile, a wrong answer) are *results*, never exceptions.
"""


class HipCodingError(Exception):
    """Base class of every error hip-coding raises on purpose."""

    exit_code = 2


class InputError(HipCodingError):
    """Bad input from the user: a missing file, a malformed option, an unknown name."""


class ToolchainError(HipCodingError):
    """A required compiler or tool is missing or unusable on this machine."""

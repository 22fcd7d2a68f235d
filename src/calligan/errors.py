"""The one exception a user sees as a single line (the CLI prints it and exits non-zero)."""


class CalliganError(Exception):
    """Bad input or an unusable environment; the message says what is wrong and how to fix it."""

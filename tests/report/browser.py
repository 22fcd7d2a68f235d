"""Headless Chromium driven over the DevTools protocol on a pipe (no port, no extra package): the
viewport is set exactly, so a 400 px phone width is 400 px (a headless window is at least 500)."""

from __future__ import annotations

import base64
import fcntl
import json
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

FLAGS = (
    "--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking "
    "--disable-component-update --disable-sync --hide-scrollbars --remote-debugging-pipe"
).split()
_TIMEOUT = 60.0


class Browser:
    """One Chromium process; `render` loads a page at a viewport size, evaluates a script, screenshots it."""

    def __init__(self, profile: Path):
        chromium = shutil.which("chromium")
        if chromium is None:
            pytest.fail("chromium is missing: scripts/setup-system.sh installs it (apt-get install -y chromium)")
        to_child, self._to_browser = os.pipe()
        self._from_browser, from_child = os.pipe()

        def wire_pipes() -> None:
            # The protocol's fixed descriptors are 3 (in) and 4 (out); the pipes may be 3 or 4 already,
            # so move them out of the way first (dup2 onto itself would leave them close-on-exec).
            reading, writing = fcntl.fcntl(to_child, fcntl.F_DUPFD, 10), fcntl.fcntl(from_child, fcntl.F_DUPFD, 10)
            os.dup2(reading, 3)
            os.dup2(writing, 4)

        self._process = subprocess.Popen([chromium, *FLAGS, f"--user-data-dir={profile}"], preexec_fn=wire_pipes,
                                         close_fds=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_child)
        os.close(from_child)
        self._buffer, self._events, self._next_id = b"", [], 0

    def _read_message(self) -> dict:
        while b"\0" not in self._buffer:
            chunk = os.read(self._from_browser, 1 << 16)
            if not chunk:
                raise RuntimeError("chromium closed the DevTools pipe")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)

    def call(self, method: str, session: str | None = None, **params) -> dict:
        self._next_id += 1
        request = {"id": self._next_id, "method": method, "params": params, **({"sessionId": session} if session else {})}
        os.write(self._to_browser, json.dumps(request).encode() + b"\0")
        deadline = time.monotonic() + _TIMEOUT
        while time.monotonic() < deadline:
            message = self._read_message()
            if message.get("id") == self._next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message["result"]
            self._events.append(message)
        raise TimeoutError(method)

    def _wait_for(self, event: str, session: str) -> None:
        deadline = time.monotonic() + _TIMEOUT
        while time.monotonic() < deadline:
            if any(e.get("method") == event and e.get("sessionId") == session for e in self._events):
                return
            self._events.append(self._read_message())
        raise TimeoutError(event)

    def render(self, url: str, *, width: int, height: int, script: str, screenshot: Path):
        """The value of `script` (a JS expression) after the page at `url` loaded at width x height px."""
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        session = self.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        self.call("Emulation.setDeviceMetricsOverride", session, width=width, height=height, deviceScaleFactor=1,
                  mobile=False)
        self.call("Page.enable", session)
        self._events.clear()
        self.call("Page.navigate", session, url=url)
        self._wait_for("Page.loadEventFired", session)
        value = self.call("Runtime.evaluate", session, expression=script, returnByValue=True)["result"]["value"]
        shot = self.call("Page.captureScreenshot", session, format="png")["data"]
        screenshot.write_bytes(base64.b64decode(shot))
        self.call("Target.closeTarget", targetId=target)
        return value

    def close(self) -> None:
        try:
            self.call("Browser.close")
        except (RuntimeError, OSError):
            pass
        self._process.wait(timeout=30)
        os.close(self._to_browser)
        os.close(self._from_browser)

"""The HTML report in a real browser: Debian's Chromium, headless, started by the test.

It is driven over the DevTools protocol through ``--remote-debugging-pipe`` (JSON
messages separated by NUL bytes on file descriptors 3 and 4), so no extra Python package
is needed. Checked: the page renders (every removal is a row with its reason), the
category and kept-line filters hide and show the right rows, right-to-left lines are laid
out right to left, text from the input never becomes markup, and nothing is fetched from
anywhere but the page's own file. A screenshot of the seed example's report,
seed-report.png, stays in the test's tmp_path (pytest keeps the last runs' under
/tmp/pytest-of-<user>/) for a person to look at.

Skipped (with the reason) where /usr/bin/chromium is absent; .ci/run installs it.
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import select
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from cleaner.cli import cli
from cleaner.diff import view_result
from cleaner.document import segment
from cleaner.pipeline import clean_and_explain

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
SEED = ROOT / "fixtures" / "en" / "para" / "seed-appeal-ads.txt"
DEMO = ["--rules", "tests/golden/demo-rules.toml", "--select", "demo", "--lang", "en"]

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="Chromium is not installed at /usr/bin/chromium (apt-get install chromium); .ci/run installs it",
)


class Browser:
    """A headless Chromium and one page, spoken to over the DevTools pipe."""

    def __init__(self, profile: Path, log: Path) -> None:
        # Our ends of two pipes, moved above fd 10 so the child's dup2 onto 3 and 4 can
        # never overwrite one with the other.
        to_r, to_w = os.pipe()
        from_r, from_w = os.pipe()
        self._child_fds = [fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10) for fd in (to_r, from_w)]
        for fd in (to_r, from_w):
            os.close(fd)
        self._out, self._in = to_w, from_r
        child_in, child_out = self._child_fds

        def wire() -> None:  # runs in the child: Chromium reads fd 3, writes fd 4
            os.dup2(child_in, 3)
            os.dup2(child_out, 4)

        args = [
            str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            f"--user-data-dir={profile}", "--remote-debugging-pipe", "--hide-scrollbars", "about:blank",
        ]
        # Chromium writes crash-report settings and dconf's cache under the home folder
        # whatever --user-data-dir says: give it one beside the profile, in tmp_path.
        home = profile.parent / "home"
        env = {**os.environ, "HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"), "XDG_CACHE_HOME": str(home / ".cache")}
        self._log = open(log, "wb")
        self.proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=self._log, stderr=self._log, preexec_fn=wire, close_fds=False, env=env)
        for fd in self._child_fds:
            os.close(fd)
        self._buffer = b""
        self._next_id = 0
        self.events: list[dict[str, Any]] = []
        self.session: str | None = None

    def _read_message(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or self.proc.poll() is not None:
                raise TimeoutError("no answer from Chromium (see chromium.log)")
            ready, _, _ = select.select([self._in], [], [], left)
            if ready:
                chunk = os.read(self._in, 1 << 20)
                if not chunk:
                    raise EOFError("Chromium closed the DevTools pipe")
                self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(raw)

    def send(self, method: str, params: dict[str, Any] | None = None, timeout: float = 30, browser: bool = False) -> dict[str, Any]:
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if self.session and not browser:
            message["sessionId"] = self.session
        os.write(self._out, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            reply = self._read_message(deadline)
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def wait_for(self, method: str, timeout: float = 30) -> dict[str, Any]:
        for i, event in enumerate(self.events):
            if event.get("method") == method:
                return self.events.pop(i)
        deadline = time.monotonic() + timeout
        while True:
            event = self._read_message(deadline)
            if event.get("method") == method:
                return event
            self.events.append(event)

    def open(self, url: str, width: int = 1400, height: int = 900) -> None:
        target = self.send("Target.createTarget", {"url": "about:blank"}, browser=True)["targetId"]
        self.session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True}, browser=True)["sessionId"]
        for domain in ("Page", "Network", "Runtime", "Log"):
            self.send(f"{domain}.enable")
        self.send("Emulation.setDeviceMetricsOverride", {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})
        self.events.clear()
        self.send("Page.navigate", {"url": url})
        self.wait_for("Page.loadEventFired")

    def evaluate(self, expression: str) -> Any:
        reply = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True, "awaitPromise": True})
        if "exceptionDetails" in reply:
            raise AssertionError(f"JavaScript failed: {reply['exceptionDetails']}")
        return reply["result"].get("value")

    def screenshot(self, path: Path, full_page: bool = True) -> None:
        if full_page:
            size = self.send("Page.getLayoutMetrics")["cssContentSize"]
            self.send("Emulation.setDeviceMetricsOverride", {"width": 1400, "height": min(int(size["height"]) + 1, 6000), "deviceScaleFactor": 1, "mobile": False})
        data = self.send("Page.captureScreenshot", {"format": "png"})["data"]
        path.write_bytes(base64.b64decode(data))

    def requests(self) -> list[str]:
        return [e["params"]["request"]["url"] for e in self.events if e.get("method") == "Network.requestWillBeSent"]

    def problems(self) -> list[str]:
        """JavaScript exceptions and console/log errors (a CSP violation is one)."""
        out = []
        for e in self.events:
            if e.get("method") == "Runtime.exceptionThrown":
                out.append(json.dumps(e["params"]["exceptionDetails"])[:300])
            elif e.get("method") == "Log.entryAdded" and e["params"]["entry"]["level"] == "error":
                out.append(e["params"]["entry"]["text"])
            elif e.get("method") == "Runtime.consoleAPICalled" and e["params"]["type"] == "error":
                out.append(str(e["params"]["args"]))
        return out

    def close(self) -> None:
        try:
            self.session = None
            self.send("Browser.close", timeout=5, browser=True)
        except Exception:  # noqa: BLE001 - closing anyway
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        os.close(self._out)
        os.close(self._in)
        self._log.close()


@pytest.fixture
def browser(tmp_path: Path):  # type: ignore[no-untyped-def]
    b = Browser(tmp_path / "profile", tmp_path / "chromium.log")
    try:
        yield b
    finally:
        b.close()


def write_html(tmp_path: Path, name: str, args: list[str]) -> Path:
    out = tmp_path / name
    result = CliRunner().invoke(cli, ["diff", "--html", str(out), *args], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return out


def assert_offline(browser: Browser, page: Path) -> None:
    urls = browser.requests()
    assert urls, "the browser recorded no request at all: the network log is not working"
    outside = [u for u in urls if not (u == page.as_uri() or u.startswith("data:"))]
    assert not outside, f"the page fetched from outside itself: {outside}"
    assert not browser.problems(), browser.problems()


FILTER_JS = """
(() => {
  const shown = r => r.getClientRects().length > 0;
  const removed = () => [...document.querySelectorAll('tr.removed')];
  const out = {};
  for (const box of document.querySelectorAll('#filters input[data-cat]')) {
    const cat = box.dataset.cat;
    const mine = () => removed().filter(r => r.dataset.cat === cat && shown(r)).length;
    const others = () => removed().filter(r => r.dataset.cat !== cat && shown(r)).length;
    const before = [mine(), others()];
    box.click();
    const off = [mine(), others(), box.checked];
    box.click();
    out[cat] = {before, off, on: [mine(), others(), box.checked]};
  }
  const kept = document.querySelector('#filters input[data-key=kept]');
  const keptShown = () => [...document.querySelectorAll('tr.kept')].filter(shown).length;
  const k0 = keptShown(); kept.click(); const k1 = keptShown(); const r1 = removed().filter(shown).length;
  kept.click();
  out.__kept = [k0, k1, keptShown(), r1, removed().length];
  return out;
})()
"""


def test_seed_report_renders_filters_and_stays_offline(browser: Browser, tmp_path: Path) -> None:
    page = write_html(tmp_path, "seed.html", [str(SEED)])
    result = clean_and_explain(SEED.read_text(encoding="utf-8"))
    categories = {r.category for r in result.removed}
    browser.open(page.as_uri())

    info = browser.evaluate("""({
      title: document.title,
      removed: [...document.querySelectorAll('tr.removed')].map(r => [r.cells[0].textContent, r.dataset.cat, r.querySelector('td.why code').textContent]),
      kept: document.querySelectorAll('tr.kept').length,
      marks: [...document.querySelectorAll('tr.removed')].map(r => [...r.querySelectorAll('td.before mark')].map(m => m.textContent)),
      colours: Object.fromEntries([...document.querySelectorAll('tr.removed')].map(r => [r.dataset.cat, getComputedStyle(r.querySelector('td.before')).backgroundColor])),
      width: document.documentElement.scrollWidth,
    })""")
    assert info["title"]
    assert info["removed"] == [[str(r.line + 1), r.category, r.rule_id] for r in result.removed]
    assert info["kept"] == len(result.kept)
    for removal, marks in zip(result.removed, info["marks"]):  # overlapping evidence shares one <mark>
        for v in removal.reasons:
            if v.evidence.span:
                found = removal.text[v.evidence.span[0]:v.evidence.span[1]]
                assert any(found in m for m in marks), (removal.line, found, marks)
    assert any(info["marks"]) == any(v.evidence.span for r in result.removed for v in r.reasons)
    assert set(info["colours"]) == categories
    assert len(set(info["colours"].values())) == len(categories), "each category should have its own colour"
    assert info["width"] <= 1400, "the page should not scroll sideways"

    filters = browser.evaluate(FILTER_JS)
    for cat in categories:
        before, off, on = filters[cat]["before"], filters[cat]["off"], filters[cat]["on"]
        assert before[0] == sum(1 for r in result.removed if r.category == cat)
        assert off == [0, before[1], False], f"unticking {cat} must hide its rows and only them"
        assert on == [before[0], before[1], True]
    k0, k1, k2, r1, total = filters["__kept"]
    assert k0 == len(result.kept) and k1 == 0 and k2 == k0 and r1 == total

    screenshot = tmp_path / "seed-report.png"
    browser.screenshot(screenshot)
    assert screenshot.stat().st_size > 10_000
    assert_offline(browser, page)


def test_hostile_text_stays_text_and_rtl_lines_read_right_to_left(browser: Browser, tmp_path: Path) -> None:
    page = write_html(tmp_path, "golden.html", [*DEMO, "tests/golden/input.txt"])
    browser.open(page.as_uri())
    info = browser.evaluate("""({
      imgs: document.querySelectorAll('main img').length,
      links: document.querySelectorAll('main a').length,
      text: document.querySelector('main').textContent,
      rtl: [...document.querySelectorAll('td.before')].filter(td => /[\\u0600-\\u06FF\\u0590-\\u05FF]/.test(td.textContent)).map(td => getComputedStyle(td).direction),
      ltr: getComputedStyle([...document.querySelectorAll('td.before')].find(td => td.textContent.startsWith('City council'))).direction,
      ctl: [...document.querySelectorAll('.ctl')].map(s => s.textContent),
      quoted: [...document.querySelectorAll('td.why .ev')].map(e => e.textContent).find(t => /[\u0600-\u06FF]/.test(t)),
    })""")
    assert info["imgs"] == 0 and info["links"] == 0
    assert "<img src=x onerror=alert(1)>" in info["text"]
    assert "[bold]Subscribe to our newsletter[/bold]" in info["text"]
    assert "\x1b" not in info["text"] and info["ctl"].count("ESC") == 5  # line 6 in both columns, line 10 twice, its evidence once
    assert info["quoted"] == "\u201cاشترك في نشرتنا\u201d"  # quotes outside the right-to-left evidence
    assert info["rtl"] and set(info["rtl"]) == {"rtl"}
    assert info["ltr"] == "ltr"
    assert_offline(browser, page)


def test_folder_index_sorted_by_removed(browser: Browser, tmp_path: Path) -> None:
    src, dest = tmp_path / "src", tmp_path / "dest"
    src.mkdir()
    dest.mkdir()
    texts = {
        "one.txt": "Advertisement\nA story.\n",
        "three.txt": "Advertisement\nA story.\nAdvertisement\nRead more\n",
        "none.txt": "A story with nothing to remove.\n",
    }
    for name, text in texts.items():
        (src / name).write_text(text, encoding="utf-8")
        (dest / name).write_bytes(view_result(name, _demo_run(text)).result.text.encode("utf-8"))  # type: ignore[union-attr]
    page = write_html(tmp_path, "folder.html", [*DEMO, str(src), str(dest)])
    browser.open(page.as_uri())
    index = browser.evaluate("[...document.querySelectorAll('nav#index tbody tr')].map(r => [r.cells[0].textContent, +r.cells[1].textContent])")
    assert [Path(name).name for name, _ in index] == ["three.txt", "one.txt", "none.txt"]
    assert [n for _, n in index] == [3, 1, 0]
    assert_offline(browser, page)
    # the index links to each file's own page, which links back
    href = browser.evaluate("document.querySelector('nav#index a').getAttribute('href')")
    browser.open((page.parent / href).as_uri())
    assert "three.txt" in browser.evaluate("document.querySelector('h2').textContent")
    assert browser.evaluate("document.querySelector('main a').getAttribute('href')") == "../folder.html"


def _demo_run(text: str):  # type: ignore[no-untyped-def]
    from cleaner.config import Config
    from cleaner.pipeline import Pipeline

    pipe = Pipeline(Config(select=("demo",), lang="en", rule_files=(ROOT / "tests/golden/demo-rules.toml",)))
    return pipe.run(segment(text))

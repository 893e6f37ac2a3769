"""Checked in a real browser (headless Chromium): the scorecard renders its charts offline, and the
Dagster UI serves the asset graph of these definitions.

Chromium comes from Debian (scripts/ensure_chromium.sh, which this module runs when it is missing);
the tests skip, saying so, only where it cannot be installed.
"""

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import duckdb
import pytest
from conftest import ROOT

from orchestration.analyst.scorecard import build_scorecard

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
DAGSTER_LOCATION = "orchestration.defs.definitions"


def find_chromium() -> str | None:
    return next((p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if p), None)


@pytest.fixture(scope="module")
def chromium() -> str:
    path = find_chromium()
    if path is None:
        setup = subprocess.run(["bash", str(ROOT / "scripts" / "ensure_chromium.sh")],
                               capture_output=True, text=True, timeout=900)
        path = find_chromium()
        if path is None:
            pytest.skip(f"chromium could not be installed: {setup.stdout.strip() or setup.stderr.strip()}")
    return path


def browse(chromium: str, url: str, *args: str, budget_ms: int = 10_000, timeout: int = 120) -> subprocess.CompletedProcess:
    """One headless Chromium run on a fresh profile; --virtual-time-budget lets the page's JS run."""
    with tempfile.TemporaryDirectory(prefix="chromium-profile-") as profile:
        return subprocess.run(
            [chromium, *FLAGS, f"--user-data-dir={profile}", f"--virtual-time-budget={budget_ms}", *args, url],
            capture_output=True, text=True, timeout=timeout,
        )


def screenshot(chromium: str, url: str, png: Path, **kw) -> Path:
    proc = browse(chromium, url, f"--screenshot={png}", "--window-size=1400,1000", **kw)
    assert png.exists(), proc.stderr[-2000:]
    return png


def dom(chromium: str, url: str, **kw) -> str:
    proc = browse(chromium, url, "--dump-dom", "--window-size=1400,1000", **kw)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout


def dom_showing(chromium: str, url: str, needles: tuple[str, ...], attempts: int = 3, budget_ms: int = 20_000) -> str:
    """The DOM once every needle is in it: a single-page app on a loaded machine may need another look."""
    for attempt in range(1, attempts + 1):
        page = dom(chromium, url, budget_ms=budget_ms * attempt)
        missing = [n for n in needles if n not in page]
        if not missing:
            return page
    shown = sorted(set(re.findall(r">([a-z][a-z0-9_]{3,})<", page)))[:80]
    pytest.fail(f"{url} never showed {missing} in {attempts} attempts; it showed {shown}")


def assert_not_blank(png: Path, min_colours: int = 40, min_ink: float = 0.03) -> None:
    from PIL import Image

    with Image.open(png) as image:
        rgb = image.convert("RGB")
        colours = rgb.getcolors(maxcolors=1 << 20) or []
        ink = sum(n for n, c in colours if sum(c) < 3 * 235) / (rgb.width * rgb.height)
    assert len(colours) >= min_colours, f"{png}: only {len(colours)} colours"
    assert ink >= min_ink, f"{png}: only {ink:.1%} of the pixels are not white"


# --------------------------------------------------------------------------- scorecard


@pytest.fixture(scope="module")
def scorecard_file(built_warehouse, tmp_path_factory) -> Path:
    _, path = built_warehouse
    with duckdb.connect(str(path), read_only=True) as con:
        html = build_scorecard(con).html
    target = tmp_path_factory.mktemp("scorecard") / "scorecard.html"
    target.write_text(html, encoding="utf-8")
    return target


def test_scorecard_renders_its_charts_offline(chromium, scorecard_file, tmp_path):
    url = scorecard_file.as_uri()
    no_network = "--host-resolver-rules=MAP * ~NOTFOUND"  # any page that fetched from a host would fail
    assert_not_blank(screenshot(chromium, url, tmp_path / "scorecard.png", budget_ms=10_000))
    page = browse(chromium, url, no_network, "--dump-dom").stdout
    assert 'data-charts="9"' in page
    assert 'data-charts-rendered="9"' in page and 'data-charts-failed="0"' in page, page[:500]
    assert page.count('class="marks"') == 9  # one Vega SVG per chart (the 9th: the delivery statuses)
    for text in ("74.6%", "26台", "28台", "215.2万千瓦", "万千瓦", "超出预期", "Consistency findings"):
        assert text in page, text
    assert "215.2万千瓦</text>" in page  # drawn by Vega as a bar label, not only in the tables


# --------------------------------------------------------------------------- Dagster UI


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(url: str, proc: subprocess.Popen, log: Path, timeout_s: float = 120) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"dagster-webserver exited {proc.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(1)
    pytest.fail(f"dagster-webserver did not answer {url} within {timeout_s:.0f}s:\n{log.read_text()[-3000:]}")


@pytest.fixture(scope="module")
def dagster_ui(tmp_path_factory):
    """`dagster-webserver` on these definitions, on a free port, with its own DAGSTER_HOME."""
    home = tmp_path_factory.mktemp("ui_dagster_home")
    # No first-visit newsletter dialog over the graph, no telemetry.
    (home / "dagster.yaml").write_text("nux:\n  enabled: false\ntelemetry:\n  enabled: false\n")
    bin_dir = Path(sys.executable).parent
    env = {**os.environ, "DAGSTER_HOME": str(home), "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"}
    port = free_port()
    log = home / "webserver.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [str(bin_dir / "dagster-webserver"), "-h", "127.0.0.1", "-p", str(port), "-m", DAGSTER_LOCATION],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(f"{base}/server_info", proc, log)
        yield base
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)  # the server and the code server it started
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


def test_dagster_ui_shows_the_asset_graph(chromium, dagster_ui, tmp_path):
    lineage = f"{dagster_ui}/asset-groups"  # the global asset lineage
    assert_not_blank(screenshot(chromium, lineage, tmp_path / "lineage.png", budget_ms=20_000), min_ink=0.02)
    groups = ("raw", "staging", "intermediate", "marts", "quality", "publish")
    dom_showing(chromium, lineage, ("Global asset lineage", *(f">{g}<" for g in groups)))
    # a group's graph draws its assets with their kinds
    dom_showing(chromium, f"{dagster_ui}/locations/{DAGSTER_LOCATION}/asset-groups/marts/lineage",
                ("fct_open_findings", "dim_indicator", "DuckDB", "dbt"))  # the view around the group's centre
    # the catalog lists asset keys (virtualised: only its top rows are in the DOM)
    dom_showing(chromium, f"{dagster_ui}/assets", ("fct_indicator_observation",))
    # an asset's own page: the publish step and the scorecard, with their descriptions
    dom_showing(chromium, f"{dagster_ui}/assets/published_warehouse", ("published_warehouse", "Atomically replaces"))
    dom_showing(chromium, f"{dagster_ui}/assets/reports/scorecard", ("scorecard", "plan-delivery scorecard"))

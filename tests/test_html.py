"""The HTML report without a browser: fixed category colours, and a batch's report as a
small index plus a page per file (tests/test_html_browser.py renders them)."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from cleaner.diff import FileView, view_result
from cleaner.document import segment
from cleaner.html import hue, render_html, write_report
from cleaner.config import Config
from cleaner.pipeline import Pipeline
from conftest import PROSE, article

PIPE = Pipeline(Config(select=("appeal", "ads")))
AD = "Advertisement"
APPEAL = "Support us"


def view(name: str, text: str) -> FileView:
    return view_result(name, PIPE.run(segment(text)))


def colours(page: str) -> dict[str, str]:
    """Category -> the hue its rows get on ``page`` (through their class's CSS rule)."""
    css = dict(re.findall(r"\.(c\d+) \{ --h: (\d+); \}", page))
    return {cat: css[cls] for cls, cat in re.findall(r'<tr class="removed (c\d+)" data-cat="([^"]+)"', page)}


def test_a_category_has_the_same_colour_in_every_report() -> None:
    ads_only = render_html(view("a.txt", f"{AD}\n\n" + article()))
    ads_first = render_html(view("b.txt", f"{AD}\n\n{AD}\n\n{APPEAL}\n\n" + article()))
    appeal_first = render_html(view("c.txt", f"{APPEAL}\n\n{APPEAL}\n\n{AD}\n\n" + article()))
    assert colours(ads_only) == {"ads": "45", "layout": "345"}
    assert colours(ads_first) == colours(appeal_first) == {"ads": "45", "appeal": "15", "layout": "345"}
    assert hue("my-site") == hue("my-site") and 0 <= hue("my-site") < 360


def test_a_batch_report_is_a_small_index_and_a_page_per_file(tmp_path: Path) -> None:
    body = "\n\n".join(PROSE * 40)  # a long article: its lines belong on its page only
    views = [view(f"dir/{i}.txt", f"{AD}\n\n" * (i % 3) + body + "\n") for i in range(30)]
    views.append(replace(view("note.txt", f"{AD}\n\n" * 50 + body), notes=("no article found",)))
    out = tmp_path / "review.html"
    (tmp_path / "review.html.files").mkdir()
    (tmp_path / "review.html.files" / "f99.html").write_text("an old report's page")
    write_report(out, views)
    index = out.read_text(encoding="utf-8")
    assert PROSE[0] not in index and len(index) < 400 * len(views)
    links = re.findall(r'<a href="([^"]+)">([^<]+)</a>', index)
    assert len(links) == len(views) and links[0][1] == "note.txt"  # most removed first
    assert index.count(">note</span>") == 1 and "note.txt" in index.split(">note</span>")[0].rsplit("<tr>", 1)[1]
    pages = sorted(p.name for p in (tmp_path / "review.html.files").iterdir())
    assert pages == sorted(f"f{n}.html" for n in range(1, len(views) + 1))  # f99 was stale
    for href, name in links:
        page = (tmp_path / href).read_text(encoding="utf-8")
        assert f"<h2>{name}</h2>" in page and '<a href="../review.html">' in page


def test_one_file_is_one_page(tmp_path: Path) -> None:
    out = tmp_path / "one.html"
    write_report(out, [view("a.txt", f"{AD}\n\n" + article())])
    assert "<h2>a.txt</h2>" in out.read_text(encoding="utf-8")
    assert [p.name for p in tmp_path.iterdir()] == ["one.html"]

"""The datatrove step (``cleaner.integrations.datatrove``) in a real LocalPipelineExecutor
run over JSONL shards: its texts are ``cleaner.clean``'s. Skipped without the extra."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest

import cleaner

pytest.importorskip("datatrove", reason="datatrove is not installed: pip install -e '.[datatrove]' (CI installs it)")

from datatrove.data import Document  # noqa: E402
from datatrove.executor import LocalPipelineExecutor  # noqa: E402
from datatrove.pipeline.readers import JsonlReader  # noqa: E402
from datatrove.pipeline.writers import JsonlWriter  # noqa: E402

from cleaner.integrations.datatrove import BoilerplateCleaner  # noqa: E402
from conftest import PROSE, article  # noqa: E402

TEXTS = [
    article("Support us", "Advertisement"),
    article(),
    "Support us\n",  # all boilerplate: emptied
    "Share this article\nFacebook\nTwitter\n\n" + "\n".join(PROSE) + "\n© 2024 Example News. All rights reserved.\n",
    "",
]


def _shards(folder: Path, n: int = 4) -> list[dict[str, str]]:
    """``n`` shards (gzip, as datatrove writes them) of the TEXTS, each with an id and URL."""
    folder.mkdir()
    docs = []
    for shard in range(n):
        with gzip.open(folder / f"shard{shard}.jsonl.gz", "wt", encoding="utf-8") as fh:
            for i, text in enumerate(TEXTS):
                doc = {"id": f"{shard}-{i}", "text": text, "url": f"https://site{shard}.example/{i}"}
                fh.write(json.dumps(doc) + "\n")
                docs.append(doc)
    return docs


def _output(folder: Path) -> dict[str, dict]:
    out = {}
    for path in sorted(folder.glob("*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for raw in fh:
                doc = json.loads(raw)
                out[doc["id"]] = doc
    return out


def test_local_executor_with_several_tasks_gives_clean_texts(tmp_path: Path) -> None:
    docs = _shards(tmp_path / "in")
    executor = LocalPipelineExecutor(
        pipeline=[
            JsonlReader(str(tmp_path / "in")),
            BoilerplateCleaner(annotate=True, drop_empty=True),
            JsonlWriter(str(tmp_path / "out")),
        ],
        tasks=2, workers=1, logging_dir=str(tmp_path / "logs"),
    )
    stats = executor.run()
    out = _output(tmp_path / "out")
    kept = {d["id"]: cleaner.clean(d["text"]) for d in docs if cleaner.clean(d["text"])}
    assert {i: d["text"] for i, d in out.items()} == kept
    assert len(list((tmp_path / "out").glob("*.jsonl.gz"))) == 2  # one output per task
    first = out["0-0"]["metadata"]
    assert first["url"] == "https://site0.example/0"  # the reader's metadata is kept
    explained = cleaner.clean_and_explain(TEXTS[0])
    assert first["cleaner"]["host"] == "site0.example"
    assert first["cleaner"]["removed"] == [{"line": r.line + 1, "rule": r.rule_id, "category": r.category} for r in explained.removed]
    step = next(s for s in stats.stats if s.name.endswith(BoilerplateCleaner.name)).stats
    assert step["total"].total == len(docs) - 4  # datatrove's reader passes over empty texts
    assert step["dropped_cleaner_empty"].total == 4  # "Support us" in each shard
    assert step["lines_removed_appeal"].total >= 4 and step["lines_removed_ads"].total >= 4
    assert (tmp_path / "logs" / "stats.json").exists()


def test_filter_alone_matches_clean_with_a_config() -> None:
    config = cleaner.Config(keep=("legal",))
    step = BoilerplateCleaner(config)
    for text in TEXTS:
        doc = Document(text=text, id="x")
        assert step.filter(doc) is True  # nothing dropped without drop_empty
        assert doc.text == cleaner.clean(text, config) and "cleaner" not in doc.metadata


def test_a_dropped_document_keeps_its_text_for_the_exclusion_writer() -> None:
    doc = Document(text="Support us\n", id="x", metadata={"url": "https://a.example/"})
    assert BoilerplateCleaner(annotate=True, drop_empty=True).filter(doc) == (False, "cleaner_empty")
    assert doc.text == "Support us\n" and doc.metadata["cleaner"]["host"] == "a.example"


def test_bad_config_fails_when_the_step_is_made() -> None:
    with pytest.raises(cleaner.RuleError):
        BoilerplateCleaner(cleaner.Config(ignore=("no-such-rule",)))


def test_importing_cleaner_does_not_import_datatrove() -> None:
    code = "import sys, cleaner, cleaner.jsonl, cleaner.cli; assert 'datatrove' not in sys.modules, 'imported'"
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


def test_a_per_site_pack_applies_by_the_documents_url(tmp_path: Path) -> None:
    from cleaner import Config

    pack = tmp_path / "site1.toml"
    pack.write_text(
        'category = "site-one"\nsites = ["site1.example"]\n\n[[rule]]\nname = "box"\nkind = "line"\n'
        'description = "A box of site one."\nphrases.en = ["zqx site box"]\n'
        'examples.remove = ["Zqx site box"]\nexamples.keep = ["A zqx site box story."]\n', encoding="utf-8")
    step = BoilerplateCleaner(Config(rule_files=(pack,)))
    texts = {}
    for host in ("site1.example", "site2.example"):
        doc = Document(text=article("Zqx site box"), id=host, metadata={"url": f"https://{host}/a"})
        step.filter(doc)
        texts[host] = doc.text
    assert "Zqx site box" not in texts["site1.example"] and "Zqx site box" in texts["site2.example"]

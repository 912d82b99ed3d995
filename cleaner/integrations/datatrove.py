"""``cleaner`` as a datatrove pipeline step: the same cleaning on one machine, Slurm or Ray.

datatrove (the ``datatrove`` extra: ``pip install 'cleaner[datatrove]'``) reads and writes
the shards and spreads them over tasks and executors; ``BoilerplateCleaner`` cleans each
document's text exactly as ``cleaner.clean`` does, so a corpus cleaned on a cluster
matches the CLI line for line. Only this module imports datatrove: ``import cleaner``
never does.
"""

from __future__ import annotations

from collections import Counter

from datatrove.data import Document
from datatrove.pipeline.filters.base_filter import BaseFilter
from datatrove.pipeline.writers.disk_base import DiskWriter

from ..jsonl import annotation, host_of
from ..document import segment
from ..config import Config
from ..pipeline import pipeline

DROP_REASON = "cleaner_empty"  # datatrove counts it as the stat "dropped_cleaner_empty"


class BoilerplateCleaner(BaseFilter):
    """Remove boilerplate lines from ``Document.text``, as ``cleaner.clean(text, config)``.

    Args:
        config: how to clean (default ``cleaner.Config()``); rule files it names must be
            readable where the tasks run.
        annotate: record the removals in ``Document.metadata[metadata_key]``: line
            numbers, rule ids, categories, language and the URL's host (what
            ``cleaner clean --jsonl --annotate`` adds to a record).
        metadata_key: the metadata key for ``annotate``.
        drop_empty: drop documents whose cleaned text is empty (reason ``cleaner_empty``;
            they go to ``exclusion_writer``, if one is given, with their text as it came).
        url_key: the metadata key holding the page's URL (datatrove's JSONL reader puts
            every field but the text and id in the metadata).
        exclusion_writer: where dropped documents are written (datatrove's own option).

    Stats, besides datatrove's total/forwarded/dropped: ``cleaned`` and ``unchanged``
    documents, ``lines_removed`` and ``lines_removed_<category>`` (lines, with their
    mean per document that had such lines), and ``dropped_cleaner_empty``.
    """

    name = "🧹 cleaner"

    def __init__(
        self,
        config: Config | None = None,
        annotate: bool = False,
        metadata_key: str = "cleaner",
        drop_empty: bool = False,
        url_key: str = "url",
        exclusion_writer: DiskWriter | None = None,
    ) -> None:
        super().__init__(exclusion_writer)
        self.config = config or Config()
        pipeline(self.config)  # a bad rule file or selection fails here, not in every task
        self.annotate, self.metadata_key = annotate, metadata_key
        self.drop_empty, self.url_key = drop_empty, url_key

    def filter(self, doc: Document) -> bool | tuple[bool, str]:
        """Clean the document in place; False (with a reason) drops it."""
        host = host_of(doc.metadata, self.url_key)  # a rule file's ``sites`` apply by it
        result = pipeline(self.config).run(segment(doc.text), site=host)
        self.stat_update("cleaned" if result.changed else "unchanged")
        if result.removed:
            self.stat_update("lines_removed", value=len(result.removed))
            for category, n in Counter(r.category for r in result.removed).items():
                self.stat_update(f"lines_removed_{category}", value=n)
        if self.annotate:
            doc.metadata[self.metadata_key] = annotation(result, host)
        if self.drop_empty and not result.text:
            return False, DROP_REASON  # the text left as it came, for the exclusion writer
        doc.text = result.text
        return True

"""Page extraction in worker processes, for big feed polls on machines with more than one core.

trafilatura is CPU-bound Python: threads that extract pages share one core (the GIL) with the
thread that stores documents. Handing the HTML to worker processes lets extraction and storage
run on different cores. The pool is made on first use and shared by every poll of the process;
workers are spawned (not forked: the parent runs threads, and fork copies their locks).
"""

from __future__ import annotations

import atexit
import logging
import multiprocessing
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from bot.errors import IngestError
from bot.ingest.web import FetchedArticle, HtmlExtractor, extract_article_html

logger = logging.getLogger(__name__)

_lock = threading.Lock()
_pool: ProcessPoolExecutor | None = None
_size = 0


def _warm_up() -> None:
    """Load trafilatura and the language model once per worker, not on its first page."""
    from bot.ingest.language import detect_language

    detect_language("A few words of English text to load the language identification model.")


def extraction_pool(processes: int) -> ProcessPoolExecutor:
    """The shared pool with `processes` workers (made again if a different size is asked for)."""
    global _pool, _size
    with _lock:
        if _pool is None or _size != processes:
            if _pool is not None:
                _pool.shutdown(wait=False, cancel_futures=True)
            _pool = ProcessPoolExecutor(
                max_workers=processes,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_warm_up,
            )
            _size = processes
        return _pool


def _forget(pool: ProcessPoolExecutor) -> None:
    global _pool
    with _lock:
        if _pool is pool:
            _pool = None


def pooled_extractor(processes: int) -> HtmlExtractor:
    """An HtmlExtractor that runs extract_article_html in the worker pool."""
    pool = extraction_pool(processes)

    def extract(html: str, url: str) -> FetchedArticle:
        try:
            return pool.submit(extract_article_html, html, url=url).result()
        except BrokenProcessPool:
            # A worker died (killed, out of memory on a monster page): the next poll gets a new pool.
            logger.warning("page extraction worker died on %s; the pool will be rebuilt", url)
            _forget(pool)
            raise IngestError(f"could not extract {url}: the extraction worker stopped") from None

    return extract


@atexit.register
def _shutdown() -> None:
    with _lock:
        if _pool is not None:
            _pool.shutdown(wait=False, cancel_futures=True)

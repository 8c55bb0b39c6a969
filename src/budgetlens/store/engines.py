"""Where the per-document task runs: isolated worker processes (``store/isolation.py``) or a Dask cluster.

Both yield one ``FileOutcome`` per file as tasks finish and keep a bounded number in flight, so memory stays
flat on large corpora; the caller (the parent process) is the only one that writes to the database. Each
local worker reads one document at a time under the time and memory limits (``Limits.max_seconds``,
``Limits.max_memory_mb``): a document that crashes its reader, runs out of memory or over time is that
file's failure, its worker is replaced and the batch goes on. The workers are forked by a forkserver that
has imported the pipeline and the rules once (``WORKER_MODULES``), or forked from this process when its
``__main__`` must not be re-imported (``isolation.start_method``). On Dask each task does the same inside
its Dask worker when that worker may start processes (``analyse_bytes_isolated``); a task whose Dask worker
dies is that file's failure.
"""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from budgetlens.errors import ConfigError
from budgetlens.extras import needs
from budgetlens.store.isolation import Failure, IsolatedPool, start_method
from budgetlens.store.task import FileOutcome, analyse, analyse_bytes, failed

if TYPE_CHECKING:
    from budgetlens.check.waivers import Waiver

IN_FLIGHT_PER_WORKER = 4
# what a worker needs, imported once by the forkserver: the stages the pipeline imports after the read,
# the rules (importing budgetlens.check registers them) and the PDF reader
WORKER_MODULES = (
    "budgetlens.store.task",
    "budgetlens.check.runner",
    "budgetlens.check.waivers",
    "budgetlens.segment",
    "budgetlens.parse.document",
    "budgetlens.parse.provenance",
    "budgetlens.normalise.codes",
    "budgetlens.read.pdf",
)


def outcome_of(path: str, result: FileOutcome | Failure) -> FileOutcome:
    """A worker's outcome, or the file's failure when the worker had none (killed, crashed, out of memory)."""
    if isinstance(result, Failure):
        return FileOutcome(path=path, error=f"{path}: {result.reason_en}", error_zh=f"{path}: {result.reason_zh}")
    return result


def analyse_isolated(path: str, data: bytes | None = None, waivers: tuple[Waiver, ...] = ()) -> FileOutcome:
    """One document (its path, or its bytes named ``path``) read and checked in a fresh worker under the limits:
    its rows, or the one line saying why it failed. For a service that takes one uploaded file at a time."""
    method = start_method()
    if method is None:
        return analyse(path, waivers) if data is None else analyse_bytes(path, data, waivers)
    with IsolatedPool[FileOutcome](workers=1, method=method, preload=WORKER_MODULES) as pool:
        if data is None:
            return outcome_of(path, pool.run(analyse, path, waivers))
        return outcome_of(path, pool.run(analyse_bytes, path, data, waivers))


def local_outcomes(files: list[Path], workers: int, waivers: tuple[Waiver, ...]) -> Iterator[FileOutcome]:
    """Each file analysed in one of ``workers`` isolated worker processes (in this process where none can start)."""
    method = start_method()
    if method is None:
        for path in files:
            yield analyse(str(path), waivers)
        return
    jobs = ((str(path), (str(path), waivers)) for path in files)
    with IsolatedPool[FileOutcome](workers=workers, method=method, preload=WORKER_MODULES) as pool:
        for name, result in pool.map_unordered(analyse, jobs):
            yield outcome_of(name, result)


_DASK_THREAD = threading.local()  # a Dask worker thread's own isolated worker, kept for its next tasks


def analyse_bytes_isolated(path: str, data: bytes, waivers: tuple[Waiver, ...] = ()) -> FileOutcome:
    """Dask's task: the document read in a worker process under the limits, as ``local_outcomes`` does. A Dask
    worker that is a daemon process cannot start one (the ``dask worker`` default; the local cluster's workers
    are not daemons, and ``DASK_DISTRIBUTED__WORKER__DAEMON=False`` lifts it for others): it reads in place."""
    method = start_method()
    if multiprocessing.current_process().daemon or method is None:
        return analyse_bytes(path, data, waivers)
    pool: IsolatedPool[FileOutcome] | None = getattr(_DASK_THREAD, "pool", None)
    if pool is None:
        pool = _DASK_THREAD.pool = IsolatedPool(workers=1, method=method, preload=WORKER_MODULES)
    return outcome_of(path, pool.run(analyse_bytes, path, data, waivers))


def check_dask() -> None:
    """MissingExtra unless the dask extra is installed (asked before a run is recorded, not at its first file)."""
    with needs("dask"):
        import distributed  # noqa: F401


def dask_outcomes(
    files: list[Path], workers: int, scheduler: str | None, waivers: tuple[Waiver, ...]
) -> Iterator[FileOutcome]:
    with needs("dask"):
        import dask.config
        from distributed import Client, LocalCluster, as_completed
    cluster: Any = None
    try:
        if scheduler:
            client = Client(scheduler, timeout="10s")
        else:
            with dask.config.set({"distributed.worker.daemon": False}):  # so that they may start isolated workers
                cluster = LocalCluster(
                    n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
                )
            client = Client(cluster)
    except (OSError, TimeoutError, ValueError) as exc:
        if cluster is not None:
            cluster.close()
        raise ConfigError(
            f"无法连接 Dask 调度器 {scheduler}：{exc}", f"cannot reach the Dask scheduler {scheduler}: {exc}"
        ) from None
    try:
        queue = iter(files)
        limit = max(1, workers) * IN_FLIGHT_PER_WORKER
        running = as_completed()
        paths: dict[Any, Path] = {}

        def submit(path: Path) -> None:
            future = client.submit(analyse_bytes_isolated, str(path), path.read_bytes(), waivers, pure=False)
            paths[future.key] = path
            running.add(future)

        for path in queue:
            submit(path)
            if running.count() >= limit:
                break
        for future in running:
            path = paths.pop(future.key)
            try:
                yield future.result()
            except Exception as exc:  # a lost worker is a failed file
                yield failed(str(path), exc, "Dask 任务失败")
            future.release()
            if (following := next(queue, None)) is not None:
                submit(following)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()

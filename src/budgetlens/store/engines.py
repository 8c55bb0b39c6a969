"""Where the per-document task runs: a local process pool (or in-process for one worker) or a Dask cluster.

Both yield one ``FileOutcome`` per file as tasks finish and keep a bounded number in flight, so memory stays
flat on large corpora; the caller (the parent process) is the only one that writes to the database.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from pathlib import Path
from typing import TYPE_CHECKING, Any

from budgetlens.errors import ConfigError
from budgetlens.extras import needs
from budgetlens.store.task import FileOutcome, analyse, analyse_bytes

if TYPE_CHECKING:
    from budgetlens.check.waivers import Waiver

IN_FLIGHT_PER_WORKER = 4


def local_outcomes(files: list[Path], workers: int, waivers: tuple[Waiver, ...]) -> Iterator[FileOutcome]:
    if workers <= 1:
        for path in files:
            yield analyse(str(path), waivers)
        return
    context = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        queue = iter(files)
        pending: dict[Future[FileOutcome], Path] = {}
        while True:
            while len(pending) < workers * IN_FLIGHT_PER_WORKER and (following := next(queue, None)) is not None:
                pending[pool.submit(analyse, str(following), waivers)] = following
            if not pending:
                return
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                path = pending.pop(future)
                try:
                    yield future.result()
                except Exception as exc:  # a crashed worker is a failed file, not a failed batch
                    yield FileOutcome(path=str(path), error=f"{type(exc).__name__}: {exc}")


def check_dask() -> None:
    """MissingExtra unless the dask extra is installed (asked before a run is recorded, not at its first file)."""
    with needs("dask"):
        import distributed  # noqa: F401


def dask_outcomes(
    files: list[Path], workers: int, scheduler: str | None, waivers: tuple[Waiver, ...]
) -> Iterator[FileOutcome]:
    with needs("dask"):
        from distributed import Client, LocalCluster, as_completed
    cluster: Any = None
    try:
        if scheduler:
            client = Client(scheduler, timeout="10s")
        else:
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
            future = client.submit(analyse_bytes, str(path), path.read_bytes(), waivers, pure=False)
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
                yield FileOutcome(path=str(path), error=f"{type(exc).__name__}: {exc}")
            future.release()
            if (following := next(queue, None)) is not None:
                submit(following)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()

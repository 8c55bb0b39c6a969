"""Batch ingestion: find the files, run the per-document task on a process pool or a Dask cluster, and let
the parent alone write to the database, one transaction per document."""

from __future__ import annotations

import json
import multiprocessing
import os
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from budgetlens.errors import ConfigError
from budgetlens.store.task import FileOutcome, analyse, analyse_bytes, file_sha256

if TYPE_CHECKING:
    from budgetlens.check.waivers import Waiver
    from budgetlens.store.connection import Store

ENGINES = ("local", "dask")
IN_FLIGHT_PER_WORKER = 4  # bounded submission: memory stays flat on large corpora


@dataclass(slots=True)
class IngestSummary:
    run_id: str
    files: int = 0
    new: int = 0
    known: int = 0
    failed: int = 0
    facts: int = 0
    seconds: float = 0.0
    errors: list[tuple[str, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.failed == 0


def discover(paths: list[Path]) -> list[Path]:
    """Every regular file under the given files and folders (recursive, sorted, hidden entries skipped)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                sorted(p for p in path.rglob("*") if p.is_file() and not any(part.startswith(".") for part in
                                                                              p.relative_to(path).parts))
            )  # fmt: skip
        elif path.is_file():
            found.append(path)
        else:
            raise ConfigError(f"找不到文件或文件夹：{path}", f"no such file or folder: {path}")
    unique = dict.fromkeys(p.resolve() for p in found)
    return list(unique)


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _local(files: list[Path], workers: int, waivers: tuple[Waiver, ...]) -> Iterator[FileOutcome]:
    if workers <= 1:
        for path in files:
            yield analyse(str(path), waivers)
        return
    context = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        queue = iter(files)
        pending: dict[Future[FileOutcome], Path] = {}
        while True:
            while len(pending) < workers * IN_FLIGHT_PER_WORKER and (path := next(queue, None)) is not None:
                pending[pool.submit(analyse, str(path), waivers)] = path
            if not pending:
                return
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                path = pending.pop(future)
                try:
                    yield future.result()
                except Exception as exc:  # noqa: BLE001 - a crashed worker is a failed file, not a failed batch
                    yield FileOutcome(path=str(path), error=f"{type(exc).__name__}: {exc}")


def _dask(files: list[Path], workers: int, scheduler: str | None, waivers: tuple[Waiver, ...]) -> Iterator[FileOutcome]:
    try:
        from distributed import Client, LocalCluster, as_completed
    except ModuleNotFoundError as exc:
        raise ConfigError("--engine dask 需要安装 budgetlens[dask]", "--engine dask needs budgetlens[dask]") from exc
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
        raise ConfigError(f"无法连接 Dask 调度器 {scheduler}：{exc}", f"cannot reach the Dask scheduler {scheduler}: {exc}")
    try:
        queue = iter(files)
        limit = max(1, workers) * IN_FLIGHT_PER_WORKER
        running = as_completed()
        paths: dict[str, Path] = {}

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
            except Exception as exc:  # noqa: BLE001 - a lost worker is a failed file
                yield FileOutcome(path=str(path), error=f"{type(exc).__name__}: {exc}")
            future.release()
            if (following := next(queue, None)) is not None:
                submit(following)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _write(store: Store, outcome: FileOutcome, summary: IngestSummary) -> str:
    """Write one document; a database error on it is recorded as that file's failure (its transaction rolled back)."""
    assert outcome.records is not None
    try:
        new = store.write_document(outcome.records, summary.run_id)
    except Exception as exc:  # noqa: BLE001 - each engine raises its own error types
        summary.failed += 1
        summary.errors.append((outcome.path, f"store: {type(exc).__name__}: {str(exc).splitlines()[0]}"))
        return "failed"
    if new:
        summary.new += 1
        summary.facts += outcome.records.fact_count
        return "new"
    summary.known += 1
    return "known"


def ingest(
    store: Store,
    paths: list[Path],
    workers: int | None = None,
    engine: str = "local",
    scheduler: str | None = None,
    waivers: tuple[Waiver, ...] = (),
    progress: Callable[[str, str], None] | None = None,
) -> IngestSummary:
    """Ingest every file under ``paths``; ``progress(path, outcome)`` is called once per file (new/known/failed)."""
    if engine not in ENGINES:
        raise ConfigError(f"未知的执行引擎：{engine}", f"unknown engine: {engine} (local | dask)")
    if workers is not None and workers < 1:
        raise ConfigError("--workers 至少为 1", "--workers must be at least 1")
    started = time.perf_counter()
    files = discover(paths)
    summary = IngestSummary(run_id=uuid.uuid4().hex, files=len(files))
    store.start_run(summary.run_id, engine, len(files))
    stored = store.known_documents()
    todo: list[Path] = []
    for path in files:  # same bytes → same sha256 → nothing to do (checked again when writing)
        if file_sha256(path) in stored:
            summary.known += 1
            if progress:
                progress(str(path), "known")
        else:
            todo.append(path)
    count = workers or default_workers()
    outcomes = _dask(todo, count, scheduler, waivers) if engine == "dask" else _local(todo, count, waivers)
    for outcome in outcomes:
        if outcome.records is None:
            summary.failed += 1
            summary.errors.append((outcome.path, outcome.error or "unknown error"))
            state = "failed"
        else:
            state = _write(store, outcome, summary)
        if progress:
            progress(outcome.path, state)
    summary.seconds = time.perf_counter() - started
    counts = {"ok": summary.new + summary.known, "failed": summary.failed, "new": summary.new,
              "known": summary.known, "facts": summary.facts}  # fmt: skip
    errors = json.dumps([{"path": p, "error": e} for p, e in summary.errors], ensure_ascii=False)
    store.finish_run(summary.run_id, counts, errors)
    return summary

"""Where the per-document task runs: a local process pool (or in-process for one worker) or a Dask cluster.

Both yield one ``FileOutcome`` per file as tasks finish and keep a bounded number in flight, so memory stays
flat on large corpora; the caller (the parent process) is the only one that writes to the database.

How the local workers start (``start_method``). A forkserver (or spawn) worker is a fresh interpreter: none
of the parent's threads (DuckDB's, a progress bar's) or locks, which is why it is preferred. But such a
worker first re-imports the parent's ``__main__`` so that pickled functions defined there resolve, and a
plain script without an ``if __name__ == "__main__":`` guard, such as the README's snippet, then runs
again in every worker: it opens the database the parent holds (a lock conflict), ingests again, and the
pool breaks, leaving every file failed and the store empty. The task needs nothing from ``__main__``
(it is ``task.analyse``), so when ``__main__`` is anything but imports, definitions and its guard, the
workers are forked instead: a forked child starts where the pool was made, runs only ``analyse`` and
leaves by ``os._exit``, so it never reruns the script, never touches the parent's database connection
(the parent alone writes) and never prints. Where fork does not exist (Windows) such a script is
ingested in this process, one file after the other.
"""

from __future__ import annotations

import ast
import multiprocessing
import sys
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from pathlib import Path
from typing import TYPE_CHECKING, Any

from budgetlens.errors import ConfigError
from budgetlens.extras import needs
from budgetlens.store.task import FileOutcome, analyse, analyse_bytes, failed

if TYPE_CHECKING:
    from budgetlens.check.waivers import Waiver

IN_FLIGHT_PER_WORKER = 4
_HARMLESS = (ast.Import, ast.ImportFrom, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


def _main_guard(node: ast.stmt) -> bool:
    """``if __name__ == "__main__":`` (either way round)."""
    if not isinstance(node, ast.If) or not isinstance(node.test, ast.Compare) or len(node.test.comparators) != 1:
        return False
    sides = [node.test.left, node.test.comparators[0]]
    names = [s.id for s in sides if isinstance(s, ast.Name)]
    texts = [s.value for s in sides if isinstance(s, ast.Constant)]
    return isinstance(node.test.ops[0], ast.Eq) and names == ["__name__"] and texts == ["__main__"]


def main_reimport_is_harmless() -> bool:
    """Whether a spawned worker may re-import ``__main__``: it is not re-imported, or it only defines things."""
    main = sys.modules.get("__main__")
    spec = getattr(main, "__spec__", None)
    name = getattr(spec, "name", None)
    if name is not None and (name == "__main__" or name.endswith(".__main__")):
        return True  # python -m package: multiprocessing does not re-import it
    path = getattr(spec, "origin", None) if name is not None else getattr(main, "__file__", None)
    if path is None:
        return True  # an interactive session or a notebook: nothing is re-run
    try:
        tree = ast.parse(Path(path).read_bytes())
    except (OSError, SyntaxError, ValueError):
        return False
    for node in tree.body:
        docstring = isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
        if not (isinstance(node, _HARMLESS) or docstring or _main_guard(node)):
            return False
    return True


def start_method() -> str | None:
    """forkserver when ``__main__`` may be re-imported, else fork; None: run in this process (no fork here)."""
    methods = multiprocessing.get_all_start_methods()
    if main_reimport_is_harmless():
        return "forkserver" if "forkserver" in methods else "spawn"
    return "fork" if "fork" in methods else None


def local_outcomes(files: list[Path], workers: int, waivers: tuple[Waiver, ...]) -> Iterator[FileOutcome]:
    method = start_method() if workers > 1 else None
    if method is None:
        for path in files:
            yield analyse(str(path), waivers)
        return
    context = multiprocessing.get_context(method)
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
                    yield failed(str(path), exc, "处理进程异常退出")


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
                yield failed(str(path), exc, "Dask 任务失败")
            future.release()
            if (following := next(queue, None)) is not None:
                submit(following)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()

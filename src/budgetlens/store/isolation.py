"""One document read in a child process with a time and a memory limit: what it did, or why it failed.

A file from a stranger may make a native reader abort (``memory allocation of … bytes failed``), crash
(a signal), eat all memory or run for ever. Read in the process of a batch, it would take the batch down
with it. Here each call runs in a worker process whose address space is capped (``RLIMIT_AS`` at
``Limits.max_memory_mb``) and whose wall time is watched by the parent (``Limits.max_seconds``): a worker
over time is killed, a worker that dies is replaced, and the call's result is a ``Failure`` naming what
happened in Chinese and in English, while the other calls go on. ``IsolatedPool`` keeps its workers for the
next call (imports and caches stay warm); ``run_isolated`` is one call (a web service's uploaded file).

How the workers start (``start_method``). A forkserver (or spawn) worker is a fresh interpreter: none
of the parent's threads (DuckDB's, a progress bar's) or locks, which is why it is preferred; the
forkserver imports ``preload`` once, so each worker it forks starts warm. But such a worker first
re-imports the parent's ``__main__`` so that pickled functions defined there resolve, and a plain script
without an ``if __name__ == "__main__":`` guard, such as the README's snippet, then runs again in every
worker: it opens the database the parent holds (a lock conflict), ingests again, and the batch breaks. The
calls need nothing from ``__main__``, so when ``__main__`` is anything but imports, definitions and its
guard, the workers are forked instead: a forked child starts where the worker was made, runs only the calls
it is sent and leaves by ``os._exit``, so it never reruns the script and never touches the parent's database
connection. Where fork does not exist (Windows) such a script gets ``None``: the caller runs in its own process.
"""

from __future__ import annotations

import ast
import contextlib
import multiprocessing
import os
import signal
import sys
import tempfile
import time
import warnings
from collections.abc import Callable, Generator, Iterable
from dataclasses import dataclass, field, fields
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any, Generic, NamedTuple, TypeVar

from budgetlens.limits import Limits, current

T = TypeVar("T")
K = TypeVar("K")

_HARMLESS = (ast.Import, ast.ImportFrom, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
# what a native library or Python prints to stderr when an allocation fails
_OUT_OF_MEMORY = ("memory allocation of", "bad_alloc", "cannot allocate memory", "out of memory", "memoryerror")
_GRACE_SECONDS = 5.0  # how long a worker that closed its pipe may take to exit before it is killed


class Failure(NamedTuple):
    """Why a call gave no result: ``kind`` is timeout, memory, crash or error; the reason in both languages."""

    kind: str
    reason_zh: str
    reason_en: str

    def message(self, lang: str = "zh") -> str:
        return self.reason_en if lang == "en" else self.reason_zh


def timeout_failure(seconds: int) -> Failure:
    variable = Limits.variable("max_seconds")
    return Failure(
        "timeout",
        f"处理超时（超过 {seconds} 秒；可用环境变量 {variable} 调整）",
        f"timed out after {seconds} s (set {variable} to change the limit)",
    )


def memory_failure(megabytes: int, detail: str = "") -> Failure:
    variable = Limits.variable("max_memory_mb")
    said = f"；{detail}" if detail else ""
    said_en = f"; {detail}" if detail else ""
    return Failure(
        "memory",
        f"内存超出上限（{megabytes} MB；可用环境变量 {variable} 调整{said}）",
        f"memory over the limit ({megabytes} MB; set {variable} to change it{said_en})",
    )


def crash_failure(exitcode: int | None, detail: str = "") -> Failure:
    """A worker that died without an answer: by a signal (negative exit code) or by exiting."""
    if exitcode is not None and exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = str(-exitcode)
        how_zh, how_en = f"信号 {name}", f"signal {name}"
    else:
        how_zh, how_en = f"退出码 {exitcode}", f"exit code {exitcode}"
    said = f"：{detail}" if detail else ""
    said_en = f": {detail}" if detail else ""
    return Failure("crash", f"处理进程异常退出（{how_zh}）{said}", f"the worker process died ({how_en}){said_en}")


def error_failure(detail: str) -> Failure:
    return Failure("error", f"内部错误（{detail}）", f"internal error ({detail})")


class RelayedWarning(UserWarning):
    """A warning a worker raised, shown again by the parent (``message_zh`` / ``message_en`` as the original's)."""

    def __init__(self, message_en: str, message_zh: str) -> None:
        super().__init__(message_en)
        self.message_en = message_en
        self.message_zh = message_zh


# ---- how the workers start


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


# ---- the worker's side


_M_ARENA_MAX = -8  # glibc's mallopt parameter
_ARENAS = 4


def _limit_memory(megabytes: int) -> None:
    """Cap the address space. glibc reserves 64 MB of it for each thread's malloc arena, so on a machine with
    many cores the threads of OCR would use up the cap without using memory: the arenas are kept to a few."""
    try:
        import resource
    except ImportError:  # no rlimits here (Windows): the time limit still holds
        return
    if sys.platform.startswith("linux"):
        import ctypes

        with contextlib.suppress(OSError, AttributeError):  # another C library (musl) has no such knob
            ctypes.CDLL(None).mallopt(_M_ARENA_MAX, _ARENAS)
    wanted = megabytes * 1024 * 1024
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        wanted = min(wanted, hard)
    resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))


def _serve(conn: Connection, limits: Limits, stderr_path: str, inherited: tuple[int, ...]) -> None:
    """A worker: the pool's limits in force (its environment says them to every reader), capped address space,
    stderr kept in a file (the parent reads it when the worker dies), then one call after the other until the
    parent says stop or closes the pipe. ``inherited``: the parent's ends of the workers' pipes, which a forked
    worker holds too and closes (so that each sees its parent go)."""
    for fd in inherited:
        os.close(fd)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle; it stops the workers
    os.environ.update({Limits.variable(spec.name): str(getattr(limits, spec.name)) for spec in fields(Limits)})
    _limit_memory(limits.max_memory_mb)
    log = os.open(stderr_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    os.dup2(log, 2)
    os.close(log)
    while True:
        try:
            job: tuple[Callable[..., Any], tuple[Any, ...]] | None = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        os.ftruncate(2, 0)
        fn, args = job
        reply: tuple[str, Any]
        with warnings.catch_warnings(record=True) as caught:
            try:
                reply = ("ok", fn(*args))
            except MemoryError:
                reply = ("memory", "MemoryError")
            except BaseException as exc:  # a defect of the call: its one line, and the worker carries on
                reply = ("error", f"{type(exc).__name__}: {exc}".splitlines()[0])
        relayed = [(str(w.message), str(getattr(w.message, "message_zh", w.message))) for w in caught]
        try:
            conn.send((*reply, relayed))
        except MemoryError:
            conn.send(("memory", "MemoryError", []))
        except Exception as exc:  # an answer that cannot be sent (not picklable)
            conn.send(("error", f"{type(exc).__name__}: {exc}".splitlines()[0], []))
        if reply[0] == "memory":
            return  # a fresh worker for the next call


# ---- the parent's side


@dataclass(slots=True)
class _Worker:
    process: Any  # multiprocessing.process.BaseProcess (its context's Process)
    conn: Connection
    stderr: Path
    calls: int = 0
    key: Any = None
    deadline: float = 0.0
    busy: bool = False


@dataclass
class IsolatedPool(Generic[T]):
    """Up to ``workers`` worker processes, each running one call at a time under ``limits``.

    ``calls_per_worker`` (None: no end) replaces a worker after that many calls; a worker that dies, runs
    over time or runs out of memory is replaced at once. Use it as a context manager: leaving it stops them.
    A pool serves one caller at a time (a service with threads gives each its own, or calls ``run_isolated``).
    """

    workers: int = 1
    limits: Limits = field(default_factory=current)
    method: str | None = None  # None: start_method()
    preload: tuple[str, ...] = ()  # modules the forkserver imports once for all its workers
    calls_per_worker: int | None = None
    _pool: list[_Worker] = field(default_factory=list, init=False)
    _folder: tempfile.TemporaryDirectory[str] | None = field(default=None, init=False)
    _started: int = field(default=0, init=False)

    def __enter__(self) -> IsolatedPool[T]:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self) -> None:
        for worker in self._pool:
            self._stop(worker, kill=worker.busy)
        self._pool.clear()
        if self._folder is not None:
            self._folder.cleanup()
            self._folder = None

    def run(self, fn: Callable[..., T], *args: Any) -> T | Failure:
        """One call in a worker: its result or why it failed."""
        outcomes = self.map_unordered(fn, [(None, args)])
        try:
            return next(outcomes)[1]
        finally:
            outcomes.close()

    def map_unordered(
        self, fn: Callable[..., T], jobs: Iterable[tuple[K, tuple[Any, ...]]]
    ) -> Generator[tuple[K, T | Failure], None, None]:
        """``(key, fn(*args))`` for each ``(key, args)`` as the calls finish; a call that failed gives a Failure."""
        queue = iter(jobs)
        exhausted = False
        try:
            while True:
                while not exhausted and (idle := self._idle()) is not None:
                    job = next(queue, None)
                    if job is None:
                        exhausted = True
                        break
                    self._send(idle, fn, job)
                busy = [w for w in self._pool if w.busy]
                if not busy:
                    return
                timeout = max(0.0, min(w.deadline for w in busy) - time.monotonic())
                ready = set(wait([w.conn for w in busy] + [w.process.sentinel for w in busy], timeout))
                for worker in busy:
                    if worker.conn in ready or worker.process.sentinel in ready:
                        yield worker.key, self._collect(worker)
                    elif time.monotonic() >= worker.deadline:
                        key = worker.key
                        self._retire(worker, kill=True)
                        yield key, timeout_failure(self.limits.max_seconds)
        finally:
            for worker in [w for w in self._pool if w.busy]:  # the caller stopped early: abandon the calls
                self._retire(worker, kill=True)

    # -- workers

    def _idle(self) -> _Worker | None:
        for worker in self._pool:
            if not worker.busy:
                return worker
        if len(self._pool) < self.workers:
            worker = self._start()
            self._pool.append(worker)
            return worker
        return None

    def _context(self) -> Any:
        method = self.method or start_method() or "spawn"
        context = multiprocessing.get_context(method)
        if method == "forkserver" and self.preload:
            context.set_forkserver_preload(list(self.preload))
        return context

    def _start(self) -> _Worker:
        if self._folder is None:
            self._folder = tempfile.TemporaryDirectory(prefix="budgetlens-workers-")
        self._started += 1
        stderr = Path(self._folder.name) / f"worker-{self._started}.stderr"
        context = self._context()
        ours, theirs = context.Pipe()
        forked = context.get_start_method() == "fork"
        inherited = (*[w.conn.fileno() for w in self._pool], ours.fileno()) if forked else ()
        arguments = (theirs, self.limits, str(stderr), inherited)
        process = context.Process(target=_serve, args=arguments, daemon=True, name="budgetlens-worker")
        process.start()
        theirs.close()
        return _Worker(process=process, conn=ours, stderr=stderr)

    def _send(self, worker: _Worker, fn: Callable[..., T], job: tuple[Any, tuple[Any, ...]]) -> None:
        key, args = job
        worker.key, worker.busy, worker.calls = key, True, worker.calls + 1
        worker.deadline = time.monotonic() + self.limits.max_seconds
        with contextlib.suppress(OSError, EOFError):  # a worker dead before its call is a crash when collected
            worker.conn.send((fn, args))

    def _collect(self, worker: _Worker) -> T | Failure:
        """The answer of a worker whose pipe or process is ready: its result, or why it has none."""
        reply: tuple[str, Any, list[tuple[str, str]]] | None = None
        if worker.conn.poll():
            try:
                reply = worker.conn.recv()
            except (EOFError, OSError):
                reply = None
        if reply is None:  # the worker died during the call
            worker.process.join(_GRACE_SECONDS)
            exitcode = worker.process.exitcode
            out_of_memory, said = _last_words(worker.stderr)
            self._retire(worker, kill=True)
            if out_of_memory:
                return memory_failure(self.limits.max_memory_mb, said)
            return crash_failure(exitcode, said)
        kind, value, relayed = reply
        for english, chinese in relayed:
            warnings.warn(RelayedWarning(english, chinese), stacklevel=2)
        if kind == "ok":
            worker.busy = False
            if self.calls_per_worker is not None and worker.calls >= self.calls_per_worker:
                self._retire(worker, kill=False)
            return value  # type: ignore[no-any-return]
        if kind == "memory":
            self._retire(worker, kill=False)  # it leaves by itself after a MemoryError
            return memory_failure(self.limits.max_memory_mb)
        worker.busy = False
        return error_failure(str(value))

    def _retire(self, worker: _Worker, *, kill: bool) -> None:
        self._stop(worker, kill=kill)
        self._pool.remove(worker)

    @staticmethod
    def _stop(worker: _Worker, *, kill: bool) -> None:
        if kill and worker.process.is_alive():
            worker.process.kill()
        elif not kill:
            with contextlib.suppress(OSError):
                worker.conn.send(None)  # an idle worker leaves when told to (or when its pipe closes)
        worker.conn.close()
        worker.process.join(_GRACE_SECONDS)
        if worker.process.is_alive():
            worker.process.kill()
            worker.process.join()
        worker.stderr.unlink(missing_ok=True)


def _last_words(path: Path) -> tuple[bool, str]:
    """What a dead worker last wrote to stderr (a native library's last words): whether it says an allocation
    failed, and the line that says so or else the last line (at most 200 characters)."""
    try:
        with path.open("rb") as handle:
            handle.seek(0, os.SEEK_END)
            handle.seek(max(0, handle.tell() - 16384))
            tail = handle.read().decode("utf-8", "replace")
    except OSError:
        return False, ""
    lines = [line.strip() for line in tail.splitlines() if line.strip()]
    for line in lines:
        if any(marker in line.lower() for marker in _OUT_OF_MEMORY):
            return True, line[:200]
    return False, lines[-1][:200] if lines else ""


def run_isolated(
    fn: Callable[..., T], *args: Any, limits: Limits | None = None, preload: tuple[str, ...] = ()
) -> T | Failure:
    """``fn(*args)`` in a fresh worker under ``limits`` (the environment's by default): its result or why it failed."""
    with IsolatedPool[T](workers=1, limits=limits or current(), preload=preload) as pool:
        return pool.run(fn, *args)

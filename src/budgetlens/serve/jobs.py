"""Uploads waiting to be read: a bounded queue and a few threads, each driving one isolated worker process.

An upload becomes a ``Job`` at once (the API answers 202 with it); its bytes wait in a spool file until a
thread hands them to its worker (``work.analyse_upload`` under ``budgetlens.limits``), then the thread writes
the outcome to the store: the document with its source file, or the refusal the job keeps. A file that
crashes or exhausts its worker fails alone; the worker is replaced, the other jobs go on.
"""

from __future__ import annotations

import contextlib
import os
import queue
import tempfile
import threading
import uuid
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from budgetlens.serve.errors import ApiError
from budgetlens.serve.holder import StoreHolder
from budgetlens.serve.storing import store_upload
from budgetlens.serve.work import Refusal, UploadOutcome, analyse_upload, failure_refusal
from budgetlens.store.engines import WORKER_MODULES
from budgetlens.store.isolation import Failure, IsolatedPool, start_method

KEPT_JOBS = 2_000  # finished jobs remembered for their status


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


@dataclass
class Job:
    id: str
    name: str
    size: int
    submitted_by: str
    status: str = "queued"  # queued | running | done | failed
    created_at: datetime = field(default_factory=_now)
    started_at: datetime | None = None
    finished_at: datetime | None = None
    document: str | None = None  # sha256 once stored
    known: bool = False  # the document was stored before this upload
    refusal: Refusal | None = None
    spool: Path | None = None

    def as_json(self, lang: str = "zh") -> dict[str, Any]:
        def when(moment: datetime | None) -> str | None:
            return moment.isoformat(timespec="seconds") + "Z" if moment else None

        out: dict[str, Any] = {
            "id": self.id, "name": self.name, "size": self.size, "status": self.status,
            "created_at": when(self.created_at), "started_at": when(self.started_at),
            "finished_at": when(self.finished_at), "document": self.document, "already_stored": self.known,
        }  # fmt: skip
        if self.refusal is not None:
            out["error"] = {"code": self.refusal.code, "message": self.refusal.message(lang)}
            out["http_status"] = self.refusal.status
        return out


class JobQueue:
    """At most ``limit`` files queued or in work; ``workers`` threads, each with its own isolated worker process."""

    def __init__(self, store: StoreHolder, workers: int, limit: int) -> None:
        self.store = store
        self.limit = limit
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._pending: queue.Queue[Job | None] = queue.Queue()
        self._lock = threading.Lock()
        self._open = 0  # queued or running
        self._spool = tempfile.TemporaryDirectory(prefix="budgetlens-uploads-")
        self._threads = [threading.Thread(target=self._drive, name=f"upload-{i}", daemon=True) for i in range(workers)]
        for thread in self._threads:
            thread.start()

    def submit(self, name: str, data: bytes, submitted_by: str) -> Job:
        """Queue one file (503 when the queue is full)."""
        with self._lock:
            if self._open >= self.limit:
                raise ApiError(
                    503, "busy", f"待处理的文件已达上限（{self.limit} 个），请稍后再试",
                    f"{self.limit} files are waiting already; try again shortly",
                )  # fmt: skip
            self._open += 1
        job = Job(id=uuid.uuid4().hex, name=name, size=len(data), submitted_by=submitted_by)
        handle, spool = tempfile.mkstemp(dir=self._spool.name)
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        job.spool = Path(spool)
        with self._lock:
            self._jobs[job.id] = job
            while len(self._jobs) > KEPT_JOBS:
                oldest = next(iter(self._jobs.values()))
                if oldest.status in ("queued", "running"):
                    break
                self._jobs.popitem(last=False)
        self._pending.put(job)
        return job

    def capacity(self, files: int) -> bool:
        with self._lock:
            return self._open + files <= self.limit

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)

    def recent(self, count: int = 100) -> list[Job]:
        with self._lock:
            return list(self._jobs.values())[-count:][::-1]

    def close(self) -> None:
        for _ in self._threads:
            self._pending.put(None)
        for thread in self._threads:
            thread.join(timeout=10)
        self._spool.cleanup()

    # ---- the threads
    def _drive(self) -> None:
        method = start_method()
        preload = (*WORKER_MODULES, "budgetlens.serve.work")
        pool: IsolatedPool[UploadOutcome] | None = None
        if method is not None:
            pool = IsolatedPool[UploadOutcome](workers=1, method=method, preload=preload)
        try:
            while (job := self._pending.get()) is not None:
                self._work(job, pool)
        finally:
            if pool is not None:
                pool.close()

    def _work(self, job: Job, pool: IsolatedPool[UploadOutcome] | None) -> None:
        job.status, job.started_at = "running", _now()
        try:
            assert job.spool is not None
            data = job.spool.read_bytes()
            result: UploadOutcome | Failure = (
                pool.run(analyse_upload, job.name, data) if pool is not None else analyse_upload(job.name, data)
            )
            outcome = (
                result
                if isinstance(result, UploadOutcome)
                else UploadOutcome(refusal=failure_refusal(job.name, result))
            )
            if outcome.records is not None:
                with self.store.use() as store:
                    job.known = not store_upload(store, outcome.records, job.name, data)
                job.document = outcome.records.sha256
                job.status = "done"
            else:
                job.refusal = outcome.refusal
                job.status = "failed"
        except Exception as exc:  # a defect of the service while storing: this job fails, the others go on
            detail = f"{type(exc).__name__}: {exc}"
            job.refusal = Refusal(500, "internal", f"内部错误（{detail}）", f"internal error ({detail})")
            job.status = "failed"
        finally:
            job.finished_at = _now()
            if job.spool is not None:
                with contextlib.suppress(OSError):
                    job.spool.unlink()
                job.spool = None
            with self._lock:
                self._open -= 1

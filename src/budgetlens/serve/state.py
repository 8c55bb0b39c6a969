"""What the running service holds: its settings, its store connection and the job queue."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request

from budgetlens.serve.holder import StoreHolder
from budgetlens.serve.jobs import JobQueue
from budgetlens.serve.settings import Settings


@dataclass
class ServiceState:
    settings: Settings
    store: StoreHolder
    jobs: JobQueue


def service(request: Request) -> ServiceState:
    state: ServiceState = request.app.state.service
    return state

"""The review desk: ``budgetlens serve``, web pages and an HTTP API under ``/api/v1`` on the same store as ``ingest``.

``app.create_app`` builds the FastAPI application; ``settings`` holds its limits (upload size and count, workers);
``jobs`` reads and checks each upload in an isolated worker process; ``auth`` keeps the tokens; ``queries`` is
the one place the service reads the store; ``api`` and ``pages`` are the routes.
"""

"""A fake Graph API on 127.0.0.1 for tests: a real HTTP server in a background thread.

``FakeGraph`` checks each request's shape (form fields, JSON-encoded objects, references to
objects that exist) and its auth (access_token where the SDK puts it, appsecret_proof), counts
the objects it holds, and injects faults on demand (``inject``).
"""
from tests.fake_graph.server import FakeGraph, Fault  # noqa: F401

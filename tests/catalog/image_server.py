"""A real HTTP server on 127.0.0.1 that serves product images for the --images tests, answers
conditional requests with 304 and records what it was asked."""
from __future__ import annotations

import hashlib
import io
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from PIL import Image


def image_bytes(fmt: str, size=(600, 600), color=(200, 40, 40)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, fmt)
    return out.getvalue()


class ImageServer:
    """``serve(path, body, content_type, etag=True, delay=0)``; ``url(path)``; ``hits[path]``
    (requests), ``conditional[path]`` (requests that carried If-None-Match / If-Modified-Since)."""

    def __init__(self):
        self.files: dict[str, tuple[bytes, str, bool, float, int]] = {}
        self.hits: dict[str, int] = {}
        self.conditional: dict[str, int] = {}
        self.not_modified: dict[str, int] = {}
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def do_GET(self):
                path = self.path.split("?")[0]
                with server._lock:
                    server.hits[path] = server.hits.get(path, 0) + 1
                entry = server.files.get(path)
                if entry is None:
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                body, ctype, etag_on, delay, status = entry
                etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
                if self.headers.get("If-None-Match") or self.headers.get("If-Modified-Since"):
                    with server._lock:
                        server.conditional[path] = server.conditional.get(path, 0) + 1
                if etag_on and self.headers.get("If-None-Match") == etag:
                    with server._lock:
                        server.not_modified[path] = server.not_modified.get(path, 0) + 1
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.end_headers()
                    return
                if delay:
                    time.sleep(delay)
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                if etag_on:
                    self.send_header("ETag", etag)
                self.end_headers()
                try:
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def serve(self, path: str, body: bytes, content_type: str = "image/jpeg", *, etag: bool = True,
              delay: float = 0.0, status: int = 200) -> str:
        self.files[path] = (body, content_type, etag, delay, status)
        return self.url(path)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def __enter__(self) -> ImageServer:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

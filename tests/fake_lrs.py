"""A Learning Record Store for tests, on 127.0.0.1: it stores statements and misbehaves on cue.

Like a real LRS it refuses a batch holding an id it already has (409) and
stores nothing of that batch. ``script`` lists what the next requests do:
"ok", "500", "401", "slow" (stores, then answers after ``slow_seconds``), "hang" (stores
the batch, sets ``hung``, and never answers: the sender is killed meanwhile).
"""

from __future__ import annotations

import base64
import json
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class FakeLrs:
    def __init__(self, username: str = "ada", password: str = "s3cret pass") -> None:
        self.auth = "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()
        self.stored: dict[str, dict] = {}
        self.stores = Counter()  # how often each id was stored: exactly once is the point
        self.posts: list[int] = []  # statements per POST received
        self.versions: set[str] = set()
        self.script: list[str] = []
        self.slow_seconds = 1.0
        self.hung = threading.Event()
        self._release = threading.Event()
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/xapi/"

    def __enter__(self) -> FakeLrs:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._release.set()
        self._server.shutdown()
        self._server.server_close()

    def _answer(self, request: BaseHTTPRequestHandler) -> tuple[int, bytes] | None:
        with self._lock:
            mode = self.script.pop(0) if self.script else "ok"
        if request.headers.get("Authorization") != self.auth or mode == "401":
            return 401, b'{"error": "bad credentials"}'
        self.versions.add(request.headers.get("X-Experience-API-Version", ""))
        length = int(request.headers.get("Content-Length", 0))
        batch = json.loads(request.rfile.read(length))
        self.posts.append(len(batch))
        if mode == "500":
            return 500, b"the database is down\r\n\x1b[31m"
        with self._lock:
            if any(s["id"] in self.stored for s in batch):
                return 409, b'{"error": "statement already stored"}'
            for statement in batch:
                self.stored[statement["id"]] = statement
                self.stores[statement["id"]] += 1
        if mode == "slow":  # stored, but the answer comes too late for the sender
            time.sleep(self.slow_seconds)
        if mode == "hang":
            self.hung.set()
            self._release.wait(30)
            return None
        return 200, json.dumps([s["id"] for s in batch]).encode()

    def _handler(self):
        lrs = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # http.server's name for it
                if not self.path.endswith("/xapi/statements"):
                    self.send_error(404)
                    return
                answer = lrs._answer(self)
                if answer is None:
                    return
                status, body = answer
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args) -> None:
                pass

        return Handler

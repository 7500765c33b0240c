"""A BatchAI client using only Python's standard library.

Connects to a running daemon's pipe (a Unix socket at $TMPDIR/CoreFxPipe_NAME on Linux and macOS),
or starts `batchai serve --stdio` as a child process, and speaks JSON-RPC 2.0 with
Content-Length framing (docs/protocol.md). Requests are matched to responses by id; notifications
(job/progress, job/token, job/rowCompleted, job/stateChanged) go to a callback.

    with BatchAiClient.connect_pipe() as client:          # or BatchAiClient.spawn_stdio(["batchai"])
        client.initialize()
        job = client.call("startJob", {"input": "q.csv", "provider": {"baseUrl": URL, "model": "m"}})
        # Any startJob field passes as it is, e.g. conversation rows with images, exported for fine-tuning:
        # client.call("startJob", {"input": "chats.jsonl", "provider": {...}, "imageColumn": "image",
        #                          "maxImageBytes": 10_000_000, "format": "sharegpt"})
        # or seed questions grown into three-turn conversations, a user simulator writing the user's turns:
        # client.call("startJob", {"input": "seeds.csv", "provider": {...}, "turns": 3,
        #                          "userSimulator": {"model": "gpt-4o-mini"}, "format": "openai-chat"})
        # or structured answers, validated against a JSON Schema and asked again when invalid (CSV gets a column per property):
        # client.call("startJob", {"input": "q.csv", "provider": {...}, "format": "csv",
        #                          "responseFormat": {"jsonSchema": json.load(open("schema.json")), "maxReasks": 2}})
        # start_job builds the same params: through the provider's Batch API at half price, three answers per row from two
        # models, each scored by a judge (the exports can keep only answers scoring 7 or more, or write preference pairs):
        # client.start_job("q.csv", {...}, mode="batch", batch={"completionWindow": "24h"}, samples=3,
        #                  models=["gpt-4o-mini", "deepseek-chat"], judge={"rubric": "helpfulness", "threshold": 7})
        # client.estimate_job("q.csv", {...}, mode="batch")   # cost and batchCost, seconds and batchSeconds
"""

import getpass
import json
import os
import queue
import re
import socket
import subprocess
import sys
import tempfile
import threading

PROTOCOL_VERSION = 1


class RpcError(Exception):
    """The daemon answered a request with a JSON-RPC error."""

    def __init__(self, error):
        super().__init__(f"{error.get('message')} (code {error.get('code')})")
        self.code = error.get("code")
        self.data = error.get("data")


def default_pipe_name():
    """The daemon's per-user default pipe name: batchai-$USER, with unusual characters replaced by '_'."""
    user = getpass.getuser()
    return "batchai-" + "".join(c if (c.isascii() and c.isalnum()) or c in "-_." else "_" for c in user)


def socket_path(name):
    """Where .NET puts pipe NAME on Linux and macOS: $TMPDIR/CoreFxPipe_NAME ($TMPDIR unset: /tmp)."""
    return os.path.join(os.environ.get("TMPDIR") or "/tmp", "CoreFxPipe_" + name)


def start_job_params(input, provider=None, *, mode=None, batch=None, samples=None, models=None, judge=None, **fields):
    """The params of startJob (and estimateJob). The daemon checks them all and names a wrong one in its error.

    input     the dataset's path (made absolute here: the daemon may run elsewhere).
    provider  {"baseUrl", "model", "apiKeyEnv"?}; or give endpoints=[...] or profile="NAME" instead.
    mode      "online" (default), "batch" (the provider's Batch API: half price, answers within the completion window),
              "auto" (online while the endpoints have room, the rest by batch) or "offline" (exportRequests/importResults).
    batch     for batch and auto: {"completionWindow": "24h", "deadline": "2026-12-08T09:00:00Z", "maxLines": 50000, ...}.
    samples   answers per row and model, 1 to 16.
    models    every row answered by each of these models: a list, or one string "a,b".
    judge     scores each answer: {"rubric": "helpfulness" | "correctness" | "follows-format" | "language" | own text,
              "model"?, "threshold"?, "scale"?, "referenceColumn"?}; a string is taken as the rubric.
    Any other startJob field passes as it is, by its protocol name: systemPrompt="...", maxTokens=400, format="csv".
    """
    params = {"input": os.path.abspath(input)}
    if provider is not None:
        params["provider"] = provider
    if isinstance(models, str):
        models = [m.strip() for m in models.split(",") if m.strip()]
    if isinstance(judge, str):
        judge = {"rubric": judge}
    for name, value in (("mode", mode), ("batch", batch), ("samples", samples), ("models", models), ("judge", judge)):
        if value is not None:
            params[name] = value
    params.update({name: value for name, value in fields.items() if value is not None})
    return params


class BatchAiClient:
    def __init__(self, reader, writer, on_notification=None, closer=None):
        self._reader = reader
        self._writer = writer
        self._closer = closer
        self._write_lock = threading.Lock()
        self._pending = {}
        self._pending_lock = threading.Lock()
        self._next_id = 0
        self.on_notification = on_notification
        self._notifications = queue.Queue()
        self._closed = threading.Event()
        threading.Thread(target=self._read_loop, name="batchai-reader", daemon=True).start()
        # Notifications run on their own thread, so a callback may call the daemon without blocking the reader.
        threading.Thread(target=self._dispatch_loop, name="batchai-notifications", daemon=True).start()

    # --- connecting -----------------------------------------------------------------------

    @classmethod
    def connect_pipe(cls, name=None, on_notification=None, timeout=5.0):
        """Connects to `batchai serve --pipe [NAME]` (Linux and macOS; on Windows open \\\\.\\pipe\\NAME instead)."""
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(timeout)
        sock.connect(socket_path(name or default_pipe_name()))
        sock.settimeout(None)
        stream = sock.makefile("rwb", buffering=0)
        return cls(stream, stream, on_notification, closer=lambda: (stream.close(), sock.close()))

    @classmethod
    def spawn_stdio(cls, command, on_notification=None, data_dir=None, env=None):
        """Starts `COMMAND serve --stdio` (COMMAND e.g. ["batchai"] or ["dotnet", "path/batchai.dll"]); it stops when this client closes."""
        args = list(command) + ["serve", "--stdio"] + (["--data-dir", data_dir] if data_dir else [])
        process = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)

        def close():
            process.stdin.close()
            process.wait(timeout=30)
            process.stdout.close()

        return cls(process.stdout, process.stdin, on_notification, closer=close)

    # --- calling ---------------------------------------------------------------------------

    def initialize(self, client_name="python"):
        return self.call("initialize", {"clientName": client_name, "clientVersion": "1", "protocolVersion": PROTOCOL_VERSION})

    def call(self, method, params=None, timeout=120.0):
        """Sends a request and waits for its response; raises RpcError for an error response."""
        with self._pending_lock:
            self._next_id += 1
            request_id = self._next_id
            slot = self._pending[request_id] = queue.Queue(maxsize=1)
        message = {"jsonrpc": "2.0", "id": request_id, "method": method}
        if params is not None:
            message["params"] = params
        self._send(message)
        try:
            response = slot.get(timeout=timeout)
        except queue.Empty:
            raise TimeoutError(f"no answer to {method} within {timeout} s") from None
        finally:
            with self._pending_lock:
                self._pending.pop(request_id, None)
        if response is None:
            raise ConnectionError("the daemon closed the connection")
        if "error" in response:
            raise RpcError(response["error"])
        return response.get("result")

    def start_job(self, input, provider=None, *, mode=None, batch=None, samples=None, models=None, judge=None, **fields):
        """startJob; returns {"jobId", ...}. See start_job_params for the arguments."""
        return self.call("startJob", start_job_params(input, provider, mode=mode, batch=batch, samples=samples, models=models, judge=judge, **fields))

    def estimate_job(self, input, provider=None, *, pilot=None, mode=None, batch=None, samples=None, models=None, judge=None, **fields):
        """estimateJob: the same arguments as start_job, and pilot (rows really sent to measure); nothing else is sent."""
        params = start_job_params(input, provider, mode=mode, batch=batch, samples=samples, models=models, judge=judge, **fields)
        if pilot is not None:
            params["pilot"] = pilot
        return self.call("estimateJob", params)

    def notify(self, method, params=None):
        message = {"jsonrpc": "2.0", "method": method}
        if params is not None:
            message["params"] = params
        self._send(message)

    def close(self):
        if self._closer:
            closer, self._closer = self._closer, None
            closer()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # --- framing ---------------------------------------------------------------------------

    def _send(self, message):
        body = json.dumps(message, ensure_ascii=False).encode("utf-8")
        with self._write_lock:
            self._writer.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
            self._writer.flush()

    def _read_message(self):
        length = None
        while True:
            line = self._reader.readline()
            if not line:
                return None
            line = line.rstrip(b"\r\n")
            if not line:
                break
            match = re.match(rb"(?i)content-length:\s*(\d+)", line)
            if match:
                length = int(match.group(1))
        if length is None:
            raise ValueError("a frame without Content-Length")
        body = b""
        while len(body) < length:
            chunk = self._reader.read(length - len(body))
            if not chunk:
                return None
            body += chunk
        return json.loads(body.decode("utf-8"))

    def _read_loop(self):
        try:
            while True:
                message = self._read_message()
                if message is None:
                    break
                if "id" in message and ("result" in message or "error" in message):
                    with self._pending_lock:
                        slot = self._pending.get(message["id"])
                    if slot is not None:
                        slot.put(message)
                elif "method" in message:
                    self._notifications.put(message)
        except (OSError, ValueError) as e:
            print(f"batchai_client: connection closed: {e}", file=sys.stderr)
        finally:
            self._closed.set()
            self._notifications.put(None)
            with self._pending_lock:
                for slot in self._pending.values():
                    slot.put(None)

    def _dispatch_loop(self):
        while True:
            message = self._notifications.get()
            if message is None:
                return
            if self.on_notification:
                try:
                    self.on_notification(message["method"], message.get("params"))
                except Exception as e:  # a broken callback must not stop the client
                    print(f"batchai_client: notification handler failed: {e}", file=sys.stderr)

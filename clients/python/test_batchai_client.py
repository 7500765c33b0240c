"""Unit tests of the client's parameter building, over a fake daemon on a pair of OS pipes (the transport is real,
the daemon is not: the end-to-end tests run example.py against the real one). Run: python3 -m unittest test_batchai_client.py
"""

import json
import os
import sys
import threading
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from batchai_client import BatchAiClient, start_job_params  # noqa: E402

PROVIDER = {"baseUrl": "http://127.0.0.1:5000/v1", "model": "m"}


def read_message(stream):
    length = None
    while True:
        line = stream.readline().decode("ascii").strip()
        if not line:
            break
        name, _, value = line.partition(":")
        if name.lower() == "content-length":
            length = int(value)
    return json.loads(stream.read(length))


def write_message(stream, message):
    body = json.dumps(message).encode("utf-8")
    stream.write(f"Content-Length: {len(body)}\r\n\r\n".encode("ascii") + body)
    stream.flush()


class FakeDaemon:
    """Answers each request with {"jobId": "j1"} and keeps what it was sent."""

    def __init__(self):
        to_daemon_r, to_daemon_w = os.pipe()
        to_client_r, to_client_w = os.pipe()
        self._in = os.fdopen(to_daemon_r, "rb")
        self._out = os.fdopen(to_client_w, "wb")
        self.requests = []
        client_in, client_out = os.fdopen(to_client_r, "rb"), os.fdopen(to_daemon_w, "wb")
        self.client = BatchAiClient(client_in, client_out, closer=lambda: (client_out.close(), client_in.close()))
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self):
        try:
            while True:
                request = read_message(self._in)
                self.requests.append(request)
                write_message(self._out, {"jsonrpc": "2.0", "id": request["id"], "result": {"jobId": "j1"}})
        except (ValueError, OSError, TypeError):
            pass  # the client closed its end
        finally:
            self._out.close()
            self._in.close()

    def join(self):
        """Waits until the client has closed and the fake has closed its ends."""
        self._thread.join(timeout=10)


class StartJobParamsTests(unittest.TestCase):
    def test_new_fields_pass_through_and_absent_ones_are_left_out(self):
        params = start_job_params("q.csv", PROVIDER, mode="batch", batch={"completionWindow": "24h"}, samples=3,
                                  models=["a", "b"], judge={"rubric": "helpfulness", "threshold": 7}, maxTokens=400, systemPrompt=None)

        self.assertEqual(params, {"input": os.path.abspath("q.csv"), "provider": PROVIDER, "mode": "batch", "batch": {"completionWindow": "24h"},
                                  "samples": 3, "models": ["a", "b"], "judge": {"rubric": "helpfulness", "threshold": 7}, "maxTokens": 400})

    def test_models_as_one_string_and_judge_as_a_rubric(self):
        params = start_job_params("q.csv", PROVIDER, models="gpt-4o-mini, deepseek-chat,", judge="correctness")

        self.assertEqual((params["models"], params["judge"]), (["gpt-4o-mini", "deepseek-chat"], {"rubric": "correctness"}))
        self.assertNotIn("mode", params)

    def test_plain_job_only_input_and_provider(self):
        self.assertEqual(start_job_params("/data/q.csv", PROVIDER), {"input": "/data/q.csv", "provider": PROVIDER})


class ClientCallTests(unittest.TestCase):
    def test_start_and_estimate_send_the_params_to_the_daemon(self):
        daemon = FakeDaemon()
        with daemon.client as client:
            started = client.start_job("q.csv", PROVIDER, mode="auto", batch={"deadline": "2026-12-08T09:00:00Z"}, samples=2)
            client.estimate_job("q.csv", PROVIDER, pilot=5, mode="batch", judge="language")
        daemon.join()

        self.assertEqual(started, {"jobId": "j1"})
        start, estimate = daemon.requests
        self.assertEqual(start["method"], "startJob")
        self.assertEqual((start["params"]["mode"], start["params"]["batch"], start["params"]["samples"]),
                         ("auto", {"deadline": "2026-12-08T09:00:00Z"}, 2))
        self.assertEqual(estimate["method"], "estimateJob")
        self.assertEqual((estimate["params"]["pilot"], estimate["params"]["mode"], estimate["params"]["judge"]), (5, "batch", {"rubric": "language"}))


if __name__ == "__main__":
    unittest.main()

"""Starts a job on a dataset (CSV, JSONL of questions or of conversations) against an OpenAI-compatible base URL, prints progress and streamed tokens, and exports the result.

    python3 example.py questions.csv --base-url http://127.0.0.1:PORT/v1 --model sim --output answers.csv
        [--pipe NAME | --batchai "dotnet /path/batchai.dll" --data-dir DIR]

A JSONL of conversations (OpenAI `messages`, ShareGPT `conversations`) is answered as each one's next assistant turn;
--format openai-chat exports each conversation with its answer as the last turn.

--mode batch sends the rows through the provider's Batch API (half price, within the completion window); --samples,
--models and --judge ask several answers per row and score each (see start_job_params in batchai_client.py).

With --pipe it talks to `batchai serve --pipe NAME`; otherwise it starts `batchai serve --stdio` itself.
A real provider's key comes from the daemon's environment: add --api-key-env OPENAI_API_KEY.
"""

import argparse
import os
import shlex
import sys
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from batchai_client import BatchAiClient, RpcError  # noqa: E402

FINISHED = {"completed", "failed", "cancelled", "paused", "interrupted"}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("input")
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--model", required=True)
    parser.add_argument("--api-key-env")
    parser.add_argument("--output", required=True,
                        help="the exported file (a folder for hf-dataset); its extension (.jsonl, .json, .csv, .parquet) picks the format")
    parser.add_argument("--format", help="the export's format instead, e.g. parquet or hf-dataset")
    parser.add_argument("--test-split", type=float, help="hf-dataset: the fraction of answered rows held out as the test split")
    parser.add_argument("--seed", type=int, default=0, help="hf-dataset: which rows --test-split holds out (default 0)")
    parser.add_argument("--mode", help="online (default), batch, auto or offline")
    parser.add_argument("--samples", type=int, help="answers per row and model, 1 to 16")
    parser.add_argument("--models", help="every row answered by each of these models, comma-separated")
    parser.add_argument("--judge", help="score each answer with this rubric: helpfulness, correctness, follows-format, language, or your own text")
    parser.add_argument("--judge-threshold", type=float, help="the lowest score an answer may have to stay in the export")
    parser.add_argument("--pipe")
    parser.add_argument("--batchai", default="batchai", help="how to start the daemon for stdio (default: batchai)")
    parser.add_argument("--data-dir")
    args = parser.parse_args()

    job_id = None
    early = []  # notifications that arrive before startJob answers
    stopped = threading.Event()
    final_state = {}

    def on_notification(method, params):
        if job_id is None:
            early.append((method, params))
            return
        handle(method, params)

    def handle(method, params):
        if params.get("jobId") != job_id:
            return
        if method == "job/token" and not params.get("reasoning"):
            print(f"[row {params['row']}] token: {params['text']!r}", flush=True)
        elif method == "job/progress":
            c = params["counts"]
            print(f"progress: {c['done'] + c['failed'] + c['skipped']}/{c['total']} done, {c['failed']} failed, "
                  f"{c['promptTokens'] + c['completionTokens']} tokens", flush=True)
        elif method == "job/stateChanged":
            print(f"state: {params['state']}", flush=True)
            if params["state"] in FINISHED:
                final_state["state"] = params["state"]
                stopped.set()

    if args.pipe:
        client = BatchAiClient.connect_pipe(args.pipe, on_notification)
    else:
        client = BatchAiClient.spawn_stdio(shlex.split(args.batchai), on_notification, data_dir=args.data_dir)

    with client:
        hello = client.initialize("batchai-python-example")
        print(f"daemon {hello['daemonVersion']}, protocol {hello['protocolVersion']}, data in {hello['dataDirectory']}")
        # The first row as it will be sent: a conversation or image row as its messages (images by reference).
        first = client.call("previewDataset", {"input": os.path.abspath(args.input), "rows": 1})["rows"]
        if first and first[0].get("messages"):
            messages = first[0]["messages"]
            print(f"row 0 is sent as {len(messages)} messages: "
                  + " | ".join(f"{m['role']}: {m['text']}" + "".join(f" [image {i}]" for i in m.get("images") or []) for m in messages))
        provider = {"baseUrl": args.base_url, "model": args.model}
        if args.api_key_env:
            provider["apiKeyEnv"] = args.api_key_env
        judge = None
        if args.judge:
            judge = {"rubric": args.judge}
            if args.judge_threshold is not None:
                judge["threshold"] = args.judge_threshold
        try:
            started = client.start_job(args.input, provider, mode=args.mode, samples=args.samples, models=args.models, judge=judge, concurrency=2)
        except RpcError as e:
            print(f"startJob refused: {e}", file=sys.stderr)
            return 1
        job_id = started["jobId"]
        client.call("subscribeTokens", {"jobId": job_id, "enabled": True})
        print(f"job {job_id} started")
        for method, params in early:
            handle(method, params)
        # The job may have finished before this client heard of it: ask once as well.
        if client.call("getJob", {"jobId": job_id})["state"] in FINISHED:
            stopped.set()
        if not stopped.wait(timeout=300):
            print("the job did not finish within 300 s", file=sys.stderr)
            return 3
        job = client.call("getJob", {"jobId": job_id})
        print(f"job {job_id} {job['state']}: {job['counts']['done']} answered, {job['counts']['failed']} failed")
        # The failed rows and why, read from the daemon's ledger a page at a time.
        page = {"next": 0}
        while page.get("next") is not None:
            page = client.call("getRows", {"jobId": job_id, "state": "failed", "from": page["next"], "limit": 100})
            for row in page["rows"]:
                print(f"failed row {row['row']} after {row['attempts']} attempt(s): {row['error']}")
        export = {"jobId": job_id, "output": os.path.abspath(args.output)}
        if args.format:
            export["format"] = args.format
        if args.test_split is not None:
            export["split"] = {"test": args.test_split, "seed": args.seed}
        exported = client.call("exportJob", export)
        print(f"exported {exported['rows']} rows as {exported['format']} to {exported['output']}")
        return 0 if job["state"] == "completed" and job["counts"]["failed"] == 0 else 2


if __name__ == "__main__":
    sys.exit(main())

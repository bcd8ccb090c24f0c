"""Client hot path, run in a fresh process by bench.py: prints one JSON object of timings.

(a) per request: `client.items.retrieve("1")` of the sdkgen SDK against `httpx.Client.get` +
    `json.loads` of the same small JSON:API document, `--requests` calls each, per run;
(b) a list of `--list-size` resources: end to end (HTTP + parse) and parse only (from the body
    bytes), for plain `json.loads`, the sdkgen SDK and, when given, the openapi-python-client
    client generated from the same spec.

Run i of each contender follows run i of the others (their order alternates), so ratios are
taken run by run.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
import time
from collections.abc import Callable
from typing import Any


def timed(call: Callable[[], Any], count: int) -> float:
    start = time.perf_counter()
    for _ in range(count):
        call()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--sdk", required=True, help="import name of the sdkgen package")
    parser.add_argument("--oapc", help="import name of the openapi-python-client package")
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--list-calls", type=int, default=5)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    import httpx

    sdk = importlib.import_module(args.sdk)
    sdk_models = importlib.import_module(f"{args.sdk}._models")
    item_list = importlib.import_module(f"{args.sdk}.types").ItemList
    client = next(
        getattr(sdk, name)
        for name in getattr(sdk, "__all__", dir(sdk))
        if name.startswith("Bench") and not name.startswith("Async")
    )(base_url=args.base_url, token="t", rate_limit=None)
    raw = httpx.Client(base_url=args.base_url)

    contenders_small: dict[str, Callable[[], Any]] = {
        "raw": lambda: json.loads(raw.get("/items/1").content),
        "sdkgen": lambda: client.items.retrieve("1"),
    }
    body = raw.get("/items").content
    contenders_list: dict[str, Callable[[], Any]] = {
        "raw": lambda: json.loads(raw.get("/items").content),
        "sdkgen": lambda: client.items.list(),
    }
    parse_only: dict[str, Callable[[], Any]] = {
        "raw": lambda: json.loads(body),
        # What the SDK does with a body of the documented shape (`_parse` in _base_client).
        "sdkgen": lambda: sdk_models.parse_json(item_list, body),
    }
    if args.oapc:
        oapc = importlib.import_module(args.oapc)
        list_items = importlib.import_module(f"{args.oapc}.api.items.list_items")
        oapc_item_list = importlib.import_module(f"{args.oapc}.models").ItemList
        oapc_client = oapc.Client(base_url=args.base_url)
        contenders_list["oapc"] = lambda: list_items.sync(client=oapc_client)
        parse_only["oapc"] = lambda: oapc_item_list.from_dict(json.loads(body))

    # Warm up: connections, adapters, caches.
    for call in (*contenders_small.values(), *contenders_list.values(), *parse_only.values()):
        call()
        call()
    checks = {name: type(call()).__name__ for name, call in contenders_list.items()}

    result: dict[str, Any] = {
        "list_size": len(json.loads(body)["data"]),
        "body_bytes": len(body),
        "types": checks,
        "small": {name: [] for name in contenders_small},
        "list": {name: [] for name in contenders_list},
        "parse": {name: [] for name in parse_only},
    }
    for run in range(args.runs):
        for group, contenders, count in (
            ("small", contenders_small, args.requests),
            ("list", contenders_list, args.list_calls),
            ("parse", parse_only, args.list_calls),
        ):
            names = list(contenders)
            if run % 2:
                names.reverse()
            for name in names:
                result[group][name].append(timed(contenders[name], count) / count)
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()

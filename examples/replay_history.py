"""Replay a vendor's published spec history through sdkgen, oldest first, into one output folder,
and print a markdown table of what each regeneration released: the bump the diff suggested,
the version applied, and the deprecated aliases added, kept and removed.

    .venv/bin/python examples/replay_history.py ../shared/specs/commandersact/history \\
        --config specs/commandersact/sdkgen.yaml [--allow-invalid]

Every version is written under one file name (`openapi.json`), as a real project would keep it.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import tempfile
import time
from pathlib import Path

from generator.config import load_config
from generator.diagnostics import SdkgenError
from generator.pipeline.generate import generate


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("history", type=Path, help="directory of NN-YYYY-MM-DD.json(.gz) files")
    parser.add_argument("--config", type=Path, required=True)
    parser.add_argument("--allow-invalid", action="store_true", help="as for sdkgen generate")
    parser.add_argument("--output", type=Path, help="keep the SDK here (default: a temp dir)")
    args = parser.parse_args(argv)
    config = load_config(args.config)
    versions = sorted(args.history.glob("*.json*"))
    with tempfile.TemporaryDirectory(prefix="sdkgen-replay-") as scratch:
        out = args.output or Path(scratch) / "sdk"
        spec = Path(scratch) / "openapi.json"
        columns = [
            "version",
            "SDK",
            "suggested bump",
            "operations",
            "moved",
            "aliases added",
            "aliases kept",
            "aliases removed",
            "breaking",
        ]
        rows = ["| " + " | ".join(columns) + " |", "|" + " --- |" * len(columns)]
        for source in versions:
            data = source.read_bytes()
            spec.write_bytes(gzip.decompress(data) if source.suffix == ".gz" else data)
            started = time.perf_counter()
            try:
                generation, _, _ = generate(spec, out, config, allow_invalid=args.allow_invalid)
            except SdkgenError as failure:
                rows.append(f"| {source.name} | failed: {failure.diagnostics[0].message} |")
                continue
            release = generation.release
            assert release is not None
            label = source.name.split(".")[0]
            operations = len(generation.api.all_operations())
            if release.changes is None:
                rows.append(f"| {label} | {release.version} | (first) | {operations} | | | | | |")
            else:
                changes = release.changes
                added = len(release.new_aliases)
                removed = len(changes.aliases_removed)
                rows.append(
                    f"| {label} | {release.version} | {changes.bump} | {operations} | "
                    f"{changes.count('moved')} | {added} | {len(release.aliases)} | {removed} | "
                    f"{changes.breaking} |"
                )
            print(f"{source.name}: {time.perf_counter() - started:.1f}s", file=sys.stderr)
        print("\n".join(rows))
        aliases = out / ".sdkgen-aliases.json"
        if aliases.exists():
            kept = json.loads(aliases.read_text())["aliases"]
            print(f"\n{len(kept)} alias(es) in the last SDK:", file=sys.stderr)
            for alias in kept:
                print(
                    f"  {alias['name']} -> {alias['calls']} (since {alias['since']})",
                    file=sys.stderr,
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The `sdkgen` command line: parses arguments, runs pipeline stages, prints diagnostics.

Exit codes: 0 success, 1 invalid input (the report says why), 2 usage or I/O error.
Diagnostics go to stderr; results (reports asked for, file lists) go to stdout.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .config import ApiConfig, load_config
from .diagnostics import Diagnostic, SdkgenError, format_json, format_text
from .pipeline import PreparedSpec, StageTimings, generate, prepare_spec


class Reporter:
    """Prints diagnostics to stderr according to --quiet / --verbose."""

    def __init__(self, verbosity: int) -> None:
        self.verbosity = verbosity  # -1 quiet, 0 normal, 1 verbose

    def diagnostics(self, items: Sequence[Diagnostic], *, heading: str = "") -> None:
        shown = [d for d in items if d.severity == "error" or self.verbosity >= 0]
        if not shown:
            return
        if heading:
            print(heading, file=sys.stderr)
        if self.verbosity > 0 or any(d.severity == "error" for d in shown):
            print(format_text(shown, group=True), file=sys.stderr)
        else:
            print(summarize(shown), file=sys.stderr)

    def info(self, message: str) -> None:
        if self.verbosity >= 0:
            print(message, file=sys.stderr)

    def debug(self, message: str) -> None:
        if self.verbosity > 0:
            print(message, file=sys.stderr)


def summarize(items: Sequence[Diagnostic]) -> str:
    """One line per diagnostic code, for the default (non-verbose) output of warnings."""
    counts: dict[tuple[str, str], int] = {}
    for d in items:
        counts[(d.severity, d.code)] = counts.get((d.severity, d.code), 0) + 1
    lines = [f"{sev} {code}: {n}" for (sev, code), n in sorted(counts.items())]
    return "\n".join(lines) + "\n(use --verbose to list each one with its JSON pointer)"


def add_common(parser: argparse.ArgumentParser) -> None:
    group = parser.add_mutually_exclusive_group()
    group.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    group.add_argument(
        "-v", "--verbose", action="store_true", help="list every warning and stage timings"
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sdkgen",
        description="Generate a typed Python SDK from an OpenAPI document.",
    )
    parser.add_argument("--version", action="version", version=f"sdkgen {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    gen = commands.add_parser(
        "generate",
        help="generate an SDK from a spec",
        description="Load, repair, validate and normalize SPEC, then write the SDK to --output "
        "atomically (a failed run leaves the output directory as it was).",
    )
    gen.add_argument("spec", type=Path, metavar="SPEC", help="OpenAPI document (JSON or YAML)")
    gen.add_argument("--output", "-o", type=Path, required=True, metavar="DIR", help="output dir")
    gen.add_argument("--package", metavar="NAME", help="import name of the generated package")
    gen.add_argument("--config", type=Path, metavar="FILE", help="per-API config (sdkgen.yaml)")
    gen.add_argument(
        "--allow-invalid",
        action="store_true",
        help="generate despite validation errors left after repair; lists what was skipped",
    )
    add_common(gen)

    val = commands.add_parser(
        "validate",
        help="validate a spec before and after repair",
        description="Print every validation problem of SPEC grouped by kind, before and after "
        "automatic repair and the config's overlays. Exit 0 valid, 1 invalid, 2 usage/IO error.",
    )
    val.add_argument("spec", type=Path, metavar="SPEC", help="OpenAPI document (JSON or YAML)")
    val.add_argument("--config", type=Path, metavar="FILE", help="per-API config (sdkgen.yaml)")
    val.add_argument("--format", choices=("text", "json"), default="text", help="report format")
    add_common(val)

    down = commands.add_parser(
        "download",
        help="fetch the spec named by the config and write its lock file",
        description="Fetch the spec from the config's source (URL, local path, or a ReDoc HTML "
        "page), validate it after repair, then replace the local copy and its lock file. "
        "On any failure the old copy stays untouched.",
    )
    down.add_argument("--config", type=Path, required=True, metavar="FILE", help="sdkgen.yaml")
    down.add_argument(
        "--source", metavar="URL_OR_PATH", help="fetch from here instead (offline use, CI)"
    )
    down.add_argument("--timeout", type=float, default=30.0, help="network timeout in seconds")
    add_common(down)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    reporter = Reporter(-1 if args.quiet else (1 if args.verbose else 0))
    try:
        config = load_config(args.config) if args.config else ApiConfig()
        if args.command == "generate":
            return run_generate(args, config, reporter)
        if args.command == "download":
            return run_download(args, config, reporter)
        return run_validate(args, config, reporter)
    except SdkgenError as failure:
        print(format_text(failure.diagnostics, group=False), file=sys.stderr)
        return failure.exit_code
    except OSError as failure:
        where = getattr(failure, "filename", None) or ""
        print(f"error: {where}: {failure.strerror or failure}", file=sys.stderr)
        return 2


def run_generate(args: argparse.Namespace, config: ApiConfig, reporter: Reporter) -> int:
    timings = StageTimings()
    started = time.perf_counter()

    def report_prepared(prepared: PreparedSpec) -> None:
        reporter.diagnostics(prepared.warnings, heading=f"{args.spec}: repaired and overlaid")
        if prepared.errors:
            heading = f"{args.spec}: {len(prepared.errors)} validation error(s) left after repair"
            if args.allow_invalid:
                reporter.diagnostics(
                    [
                        Diagnostic("warning", d.code, d.message, d.pointer, d.file)
                        for d in prepared.errors
                    ],
                    heading=heading + " (--allow-invalid: generating anyway)",
                )

    generation, report, _ = generate(
        args.spec,
        args.output,
        config,
        package_name=args.package,
        allow_invalid=args.allow_invalid,
        timings=timings,
        on_prepared=report_prepared,
    )
    reporter.diagnostics(generation.warnings, heading="normalize:")
    if generation.api.skipped:
        reporter.info("skipped or approximated:")
        for part in generation.api.skipped:
            reporter.info(f"  {args.spec}#{part.pointer}: {part.reason}")
    operations = len(generation.api.all_operations())
    reporter.info(
        f"generated {generation.api.package_name}: {operations} operations, "
        f"{len(generation.api.models)} models -> {args.output} "
        f"({len(report.written)} written, {len(report.unchanged)} unchanged, "
        f"{len(report.removed)} removed) in {time.perf_counter() - started:.2f}s"
    )
    reporter.debug(", ".join(f"{stage} {sec:.3f}s" for stage, sec in timings.seconds.items()))
    return 0


def run_validate(args: argparse.Namespace, config: ApiConfig, reporter: Reporter) -> int:
    from .loader import load_document
    from .validate import validate_document

    document = load_document(args.spec)
    before = validate_document(document.data, str(args.spec))
    prepared = prepare_spec(args.spec, config)
    if args.format == "json":
        import json

        print(
            json.dumps(
                {
                    "file": str(args.spec),
                    "before_repair": json.loads(format_json(before)),
                    "repairs": json.loads(format_json(prepared.warnings)),
                    "after_repair": json.loads(format_json(prepared.errors)),
                },
                indent=2,
            )
        )
    else:
        print(f"{args.spec}: {len(before)} validation error(s) before repair")
        if before and not args.quiet:
            print(format_text(before, group=True))
        print(f"{len(prepared.warnings)} repair(s) and overlay note(s)")
        if prepared.warnings and args.verbose:
            print(format_text(prepared.warnings, group=True))
        print(f"{args.spec}: {len(prepared.errors)} validation error(s) after repair")
        if prepared.errors:
            print(format_text(prepared.errors, group=True))
    return 1 if prepared.errors else 0


def run_download(args: argparse.Namespace, config: ApiConfig, reporter: Reporter) -> int:
    from .download import download

    result = download(config, source=args.source, timeout=args.timeout)
    counts = ", ".join(f"{result.lock[key]} {key}" for key in ("paths", "operations", "schemas"))
    reporter.info(f"{result.path}: {result.size} bytes, sha256 {result.sha256[:12]}, {counts}")
    return 0

"""The `sdkgen` command line: parses arguments, runs pipeline stages, prints diagnostics.

Exit codes: 0 success, 1 invalid input (the report says why), 2 usage or I/O error; `update`
exits 3 when it changed the spec copy or the SDK (0: nothing changed).
Diagnostics go to stderr; results (reports asked for, file lists) go to stdout.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__, progress
from .config import FORMATTERS, ApiConfig, load_config, python_name_problem
from .diagnostics import Diagnostic, SdkgenError, error, format_json, format_text
from .format.formatting import check_formatter
from .load.limits import DEFAULT_MAX_SPEC_BYTES, MAX_SPEC_BYTES_ENV, parse_size, spec_size_limit

if TYPE_CHECKING:
    from . import ir
    from .pipeline.stages import PreparedSpec

    # the subcommands of `build_parser`'s parser
    _Commands = argparse._SubParsersAction[argparse.ArgumentParser]


class Reporter:
    """Prints diagnostics to stderr according to --quiet / --verbose."""

    def __init__(self, verbosity: int) -> None:
        self.verbosity = verbosity  # -1 quiet, 0 normal, 1 verbose

    def diagnostics(self, items: Sequence[Diagnostic], *, heading: str = "") -> None:
        shown = [d for d in items if d.severity == "error" or self.verbosity >= 0]
        if not shown:
            return
        if heading:
            _print(heading)
        if self.verbosity > 0 or any(d.severity == "error" for d in shown):
            _print(format_text(shown, group=True))
        else:
            _print(summarize(shown))

    def info(self, message: str) -> None:
        if self.verbosity >= 0:
            _print(message)

    def debug(self, message: str) -> None:
        if self.verbosity > 0:
            _print(message)


def _print(text: str) -> None:
    """A line on stderr, with the progress line (if any) out of its way."""
    with progress.current().paused():
        print(text, file=sys.stderr)


def summarize(items: Sequence[Diagnostic]) -> str:
    """One line per diagnostic code, for the default (non-verbose) output of warnings."""
    counts: dict[tuple[str, str], int] = {}
    for d in items:
        counts[(d.severity, d.code)] = counts.get((d.severity, d.code), 0) + 1
    lines = [f"{sev} {code}: {n}" for (sev, code), n in sorted(counts.items())]
    return "\n".join(lines) + "\n(use --verbose to list each one with its JSON pointer)"


def add_optional_spec(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "spec",
        type=Path,
        metavar="SPEC",
        nargs="?",
        help="OpenAPI document (JSON or YAML); default: the spec path of --config",
    )


def add_output(parser: argparse.ArgumentParser, what: str = "output dir") -> None:
    parser.add_argument("--output", "-o", type=Path, required=True, metavar="DIR", help=what)


def add_package(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--package", metavar="NAME", help="import name of the generated package")


def add_config(parser: argparse.ArgumentParser, *, required: bool = False) -> None:
    parser.add_argument(
        "--config",
        type=Path,
        required=required,
        metavar="FILE",
        help="sdkgen.yaml" if required else "per-API config (sdkgen.yaml)",
    )


def add_formatter(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--formatter",
        choices=FORMATTERS,
        help="format the generated Python with black (default), ruff (pip install "
        "'sdkgen[ruff]': same output, much faster) or not at all; overrides the config",
    )


def add_common(parser: argparse.ArgumentParser) -> None:
    group = parser.add_mutually_exclusive_group()
    group.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    group.add_argument(
        "-v", "--verbose", action="store_true", help="list every warning and stage timings"
    )


def size(text: str) -> int:
    try:
        return parse_size(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"not a size in bytes (such as 200000000 or 200M): {text!r}"
        ) from None


def add_spec_limit(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--max-spec-bytes",
        type=size,
        metavar="SIZE",
        help="refuse a spec larger than this, with the files its $refs bring in (default "
        f"${MAX_SPEC_BYTES_ENV}, else {DEFAULT_MAX_SPEC_BYTES // 2**20}M; K, M, G suffixes)",
    )


def semantic_version(text: str) -> str:
    from .release.versioning import parse_version

    try:
        parse_version(text)
    except ValueError as failure:
        raise argparse.ArgumentTypeError(str(failure)) from None
    return text


def add_version(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--version",
        "--sdk-version",
        dest="sdk_version",
        type=semantic_version,
        metavar="X.Y.Z",
        help="the generated SDK's version (default: the previous output's, bumped as the diff "
        "of its surface suggests; 0.1.0 or the config's `version` at first)",
    )


def add_rendering_options(parser: argparse.ArgumentParser) -> None:
    """The options of the commands that render the SDK (generate, check, update)."""
    add_spec_limit(parser)
    add_formatter(parser)
    add_common(parser)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sdkgen",
        description="Generate a typed Python SDK from an OpenAPI document.",
    )
    parser.add_argument("--version", action="version", version=f"sdkgen {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    _add_generate_command(commands)
    _add_validate_command(commands)
    _add_download_command(commands)
    _add_check_command(commands)
    _add_diff_command(commands)
    _add_update_command(commands)
    return parser


def _add_generate_command(commands: _Commands) -> None:
    parser = commands.add_parser(
        "generate",
        help="generate an SDK from a spec",
        description="Load, repair, validate and normalize SPEC, then write the SDK to --output "
        "atomically (a failed run leaves the output directory as it was).",
    )
    parser.add_argument("spec", type=Path, metavar="SPEC", help="OpenAPI document (JSON or YAML)")
    add_output(parser)
    add_package(parser)
    add_config(parser)
    parser.add_argument(
        "--allow-invalid",
        action="store_true",
        help="generate despite validation errors left after repair; lists what was skipped",
    )
    add_version(parser)
    add_rendering_options(parser)


def _add_validate_command(commands: _Commands) -> None:
    parser = commands.add_parser(
        "validate",
        help="validate a spec before and after repair",
        description="Print every validation problem of SPEC grouped by kind, before and after "
        "automatic repair and the config's overlays. Exit 0 valid, 1 invalid, 2 usage/IO error.",
    )
    add_optional_spec(parser)
    add_config(parser)
    parser.add_argument("--format", choices=("text", "json"), default="text", help="report format")
    add_spec_limit(parser)
    add_common(parser)


def _add_download_command(commands: _Commands) -> None:
    parser = commands.add_parser(
        "download",
        help="fetch the spec named by the config and write its lock file",
        description="Fetch the spec from the config's source (URL, local path, or a ReDoc HTML "
        "page), validate it after repair, then replace the local copy and its lock file. "
        "On any failure the old copy stays untouched.",
    )
    add_config(parser, required=True)
    parser.add_argument(
        "--source", metavar="URL_OR_PATH", help="fetch from here instead (offline use, CI)"
    )
    parser.add_argument("--timeout", type=float, default=30.0, help="network timeout in seconds")
    add_common(parser)


def _add_check_command(commands: _Commands) -> None:
    parser = commands.add_parser(
        "check",
        help="exit 1 when the generated SDK is not what SPEC generates now",
        description="Regenerate in memory and compare with --output: exit 0 when up to date, 1 "
        "with a summary and unified diff when stale. When the inputs (spec, overlays, config, "
        "templates, generator) hash to what the last generation recorded and no generated file "
        "was touched, answers without rendering (the fast path). _custom/ directories are "
        "never compared.",
    )
    add_optional_spec(parser)
    add_output(parser)
    add_package(parser)
    add_config(parser)
    parser.add_argument(
        "--allow-invalid", action="store_true", help="as for generate (must match it)"
    )
    parser.add_argument(
        "--full", action="store_true", help="always regenerate in memory (skip the fast path)"
    )
    add_rendering_options(parser)


def _add_diff_command(commands: _Commands) -> None:
    parser = commands.add_parser(
        "diff",
        help="print a changelog between two versions of a spec",
        description="Compare OLD and NEW at the level of the generated SDK (after repair, "
        "overlays and normalization; validation errors are tolerated): operations added, "
        "removed, moved (same operationId, new path) or changed (parameters, body and response "
        "types), models changed (fields, types, required-ness, enums), classified breaking or "
        "not, with a "
        "suggested semantic-version bump. A method whose name changes keeps its old name as "
        "a deprecated alias (unless the config's deprecated_aliases says otherwise), which "
        "breaks nobody. `.json.gz` files are accepted.",
    )
    parser.add_argument("old", type=Path, metavar="OLD", help="the previous spec")
    parser.add_argument("new", type=Path, metavar="NEW", help="the new spec")
    add_config(parser)
    parser.add_argument(
        "--format", choices=("markdown", "json"), default="markdown", help="output format"
    )
    add_spec_limit(parser)
    add_common(parser)


def _add_update_command(commands: _Commands) -> None:
    parser = commands.add_parser(
        "update",
        help="download, validate, regenerate, bump and write the changelog, for scheduled jobs",
        description="Fetch the spec named by the config (or --source), validate it after repair "
        "and overlays, regenerate the SDK in --output over the current one (the diff against it "
        "decides the version bump, the deprecated aliases and the CHANGELOG.md entry), then "
        "install the spec copy, its lock file and the SDK together. Prints a markdown summary "
        "fit for a pull-request body (or writes it to --summary). Exit codes: 0 nothing changed "
        "(nothing written), 3 the spec or the SDK changed, 1 invalid spec, 2 usage, network or "
        "I/O error; on any failure nothing is changed.",
    )
    add_config(parser, required=True)
    add_output(parser, what="the SDK")
    parser.add_argument(
        "--source", metavar="URL_OR_PATH", help="fetch from here instead of the config's source"
    )
    add_package(parser)
    parser.add_argument(
        "--summary", type=Path, metavar="FILE", help="write the summary here instead of stdout"
    )
    parser.add_argument("--timeout", type=float, default=30.0, help="network timeout in seconds")
    add_version(parser)
    add_rendering_options(parser)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    reporter = Reporter(-1 if args.quiet else (1 if args.verbose else 0))
    try:
        package = getattr(args, "package", None)
        problem = python_name_problem(package, "package") if package is not None else None
        if problem is not None:
            raise error("usage.package", f"--package: {problem}", exit_code=2)
        config = load_config(args.config) if args.config else ApiConfig()
        if getattr(args, "formatter", None):
            config = dataclasses.replace(config, formatter=args.formatter)
        if args.command in ("generate", "check", "update"):
            check_formatter(config.formatter)  # a missing ruff fails now, not after validation
        # download draws its own progress bar
        progress.show(args.command != "download" and progress.wanted(sys.stderr, args.quiet))
        with spec_size_limit(getattr(args, "max_spec_bytes", None)):
            return run_command(args, config, reporter)
    except SdkgenError as failure:
        progress.hide()
        print(format_text(failure.diagnostics, group=False), file=sys.stderr)
        return failure.exit_code
    except OSError as failure:
        progress.hide()
        where = getattr(failure, "filename", None) or ""
        print(f"error: {where}: {failure.strerror or failure}", file=sys.stderr)
        return 2
    except RecursionError:  # the pipeline names the spec and stage; this is the last resort
        specs = [getattr(args, name, None) for name in ("spec", "old", "new")]
        named = ", ".join(str(spec) for spec in specs if spec is not None) or "the input"
        print(
            f"error: {named}: nested or linked too deeply to process (Python's recursion "
            "limit was reached) [spec.too-deep]",
            file=sys.stderr,
        )
        return 1
    finally:
        progress.hide()  # the status line is gone when the run ends


def run_command(args: argparse.Namespace, config: ApiConfig, reporter: Reporter) -> int:
    if args.command == "generate":
        return run_generate(args, config, reporter)
    if args.command == "download":
        return run_download(args, config, reporter)
    if args.command == "check":
        return run_check(args, config, reporter)
    if args.command == "diff":
        return run_diff(args, config, reporter)
    if args.command == "update":
        return run_update(args, config, reporter)
    return run_validate(args, config, reporter)


def spec_argument(args: argparse.Namespace, config: ApiConfig) -> Path:
    """SPEC as given, else the spec path of the config."""
    if args.spec is not None:
        return Path(args.spec)
    if config.spec_path is not None:
        return config.spec_path
    raise error("usage.spec", "no SPEC given and no spec path in the config", exit_code=2)


def run_generate(args: argparse.Namespace, config: ApiConfig, reporter: Reporter) -> int:
    from .pipeline.generate import generate
    from .pipeline.stages import StageTimings

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
        version=args.sdk_version,
    )
    reporter.diagnostics(generation.warnings, heading="normalize:")
    if generation.api.skipped:
        reporter.info("skipped or approximated:")
        for part in generation.api.skipped:
            reporter.info(f"  {args.spec}#{part.pointer}: {part.reason}")
    _report_pagination(reporter, generation.api)
    operations = len(generation.api.all_operations())
    release = generation.release
    if release is not None and release.changed and not release.first:
        reporter.info(
            f"{generation.api.package_name} {release.previous_version} -> {release.version} "
            f"(the changes suggest a {release.bump} bump; see CHANGELOG.md)"
        )
    reporter.info(
        f"generated {generation.api.package_name} {generation.api.sdk_version}: "
        f"{operations} operations, {len(generation.api.models)} models -> {args.output} "
        f"({len(report.written)} written, {len(report.unchanged)} unchanged, "
        f"{len(report.removed)} removed) in {time.perf_counter() - started:.2f}s"
    )
    if report.replaced:
        reporter.info(
            f"warning: {len(report.replaced)} file(s) sdkgen had not written were replaced by "
            f"generated ones: {', '.join(report.replaced)}"
        )
    if report.previous_unknown:
        reporter.info(
            f"warning: {args.output} has no readable manifest of what sdkgen wrote there, so "
            f"every file not generated now was kept ({len(report.kept)}), including any an "
            "earlier generation wrote: delete those by hand"
        )
    reporter.debug(", ".join(f"{stage} {sec:.3f}s" for stage, sec in timings.seconds.items()))
    _report_validator(reporter)
    return 0


def _report_pagination(reporter: Reporter, api: ir.Api) -> None:
    """With --verbose: which operations page, and how (see `render.docstrings.page_style_text`)."""
    from .render.docstrings import page_style_text

    paging = [op for op in api.all_operations() if op.pagination is not None]
    if not paging:
        return
    reporter.debug(f"pagination: {len(paging)} operation(s) page")
    for op in paging:
        assert op.pagination is not None
        reporter.debug(f"  {op.method} {op.path}: {page_style_text(op.pagination)}")


def _report_validator(reporter: Reporter) -> None:
    from .validate import validator

    if validator.last_used():
        reporter.debug(f"validated by {validator.last_used()}")


def run_validate(args: argparse.Namespace, config: ApiConfig, reporter: Reporter) -> int:
    from .load.loader import load_document
    from .pipeline.stages import prepare_spec
    from .validate.validator import validate_document

    args.spec = spec_argument(args, config)
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
    _report_validator(reporter)
    return 1 if prepared.errors else 0


def run_download(args: argparse.Namespace, config: ApiConfig, reporter: Reporter) -> int:
    from .pipeline.download import download

    result = download(
        config,
        source=args.source,
        timeout=args.timeout,
        progress=reporter.verbosity >= 0 and sys.stderr.isatty(),
    )
    counts = ", ".join(f"{result.lock[key]} {key}" for key in ("paths", "operations", "schemas"))
    reporter.info(f"{result.path}: {result.size} bytes, sha256 {result.sha256[:12]}, {counts}")
    return 0


def run_check(args: argparse.Namespace, config: ApiConfig, reporter: Reporter) -> int:
    from .pipeline.check import check, format_result

    started = time.perf_counter()
    result = check(
        spec_argument(args, config),
        args.output,
        config,
        package_name=args.package,
        allow_invalid=args.allow_invalid,
        fast=not args.full,
    )
    if not (result.up_to_date and args.quiet):
        print(format_result(result, max_diff_lines=None if args.verbose else 200), end="")
    reporter.debug(f"check took {time.perf_counter() - started:.2f}s")
    return 0 if result.up_to_date else 1


def run_diff(args: argparse.Namespace, config: ApiConfig, reporter: Reporter) -> int:
    from .pipeline.diff import diff_specs
    from .release.report import format_json, format_markdown

    changelog, old_errors, new_errors = diff_specs(args.old, args.new, config)
    for path, count in ((args.old, old_errors), (args.new, new_errors)):
        if count:
            reporter.info(f"{path}: {count} validation error(s) left after repair (tolerated)")
    if args.format == "json":
        print(format_json(changelog), end="")
    else:
        print(format_markdown(changelog), end="")
    return 0


def run_update(args: argparse.Namespace, config: ApiConfig, reporter: Reporter) -> int:
    from .pipeline.update import summary_markdown, update

    started = time.perf_counter()
    result = update(
        config,
        args.output,
        source=args.source,
        timeout=args.timeout,
        package_name=args.package,
        version=args.sdk_version,
        progress=reporter.verbosity >= 0 and sys.stderr.isatty(),
    )
    reporter.diagnostics(result.generation.warnings, heading="normalize:")
    summary = summary_markdown(result)
    if result.changed and args.summary is not None:
        args.summary.parent.mkdir(parents=True, exist_ok=True)
        args.summary.write_text(summary, encoding="utf-8")
    elif not args.quiet or result.changed:
        print(summary, end="")
    what = "changed" if result.changed else "nothing changed"
    reporter.info(
        f"update: {what} (exit {result.exit_code}) in {time.perf_counter() - started:.2f}s"
    )
    return result.exit_code

"""Validation beside the later stages: `prepare_and_build` is `prepare_spec` then `build_sdk`,
with the validation of a large document (its two passes at once) running in worker processes
while this process normalizes, renders and formats; the same workers then format.

Its result still gates everything after: an invalid spec (without --allow-invalid) raises the
validation errors, whatever the other stages did meanwhile, and nothing is written.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Executor
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from .. import progress
from ..config import ApiConfig
from ..diagnostics import Diagnostic, SdkgenError
from ..format.formatting import parallel_allowed, warm_up, worker_count, worker_pool
from ..release.plan import PreviousOutput, ReleasePolicy
from ..validate import validator
from .stages import (
    STAGE_LABELS,
    Generation,
    PreparedSpec,
    StageTimings,
    build_generation,
    load_repair_overlay,
)

if TYPE_CHECKING:
    from typing_extensions import Self

LABEL = STAGE_LABELS["validate"]


def prepare_and_build(
    spec_path: Path,
    config: ApiConfig,
    package_name: str | None,
    allow_invalid: bool,
    timings: StageTimings,
    on_prepared: Callable[[PreparedSpec], None] | None,
    *,
    previous: PreviousOutput,
    policy: ReleasePolicy,
    inputs: str | None = None,
) -> tuple[PreparedSpec, Generation]:
    """`prepare_spec` then `build_sdk`, the validation (about 1 s for the CA spec, when not
    cached) running beside normalize, render and format instead of before them, when it is
    worth a pool (see `Validation`). `inputs` is the manifest's digest: the validation of
    inputs known from an earlier run is cached, and needs no worker."""
    with Validation(spec_path, timings, allow_invalid, on_prepared, inputs) as validation:
        document, warnings = load_repair_overlay(spec_path, config, timings)
        validation.start(document, warnings, config.formatter)
        if not validation.concurrent:
            validation.prepared()  # an invalid spec stops here, before normalize
        try:
            generation = build_generation(
                spec_path,
                document,
                config,
                package_name,
                timings,
                validation.pool,  # started early for a validation cached after all: formats
                validation.prepared,
                previous=previous,
                policy=policy,
            )
        except Exception:
            validation.prepared()  # an invalid spec explains the failure: report that instead
            raise
        return validation.prepared(), generation


class Validation:
    """The validation of one spec: in this process (small or cached documents, no parallelism
    allowed) or in a pool of workers, then `prepared` waits for it.

    When the validation of these inputs is not known from an earlier run, the pool starts before
    the spec is loaded (on entering): its workers import the validator (and black) while this
    process loads, repairs and applies the overlays. Leaving shuts the pool down."""

    def __init__(
        self,
        spec_path: Path,
        timings: StageTimings,
        allow_invalid: bool,
        on_prepared: Callable[[PreparedSpec], None] | None,
        inputs: str | None,
    ) -> None:
        self.spec_path = spec_path
        self.timings = timings
        self.allow_invalid = allow_invalid
        self.on_prepared = on_prepared
        self.inputs = inputs
        self.pool: Executor | None = None
        self.concurrent = False  # validating in the pool
        self._document: dict[str, Any] = {}
        self._warnings: tuple[Diagnostic, ...] = ()
        self._looked_up = validator.Lookup(None, None, None)
        self._result: Callable[[], list[Diagnostic]] = list
        self._prepared: PreparedSpec | None = None

    def __enter__(self) -> Self:
        self.pool = _early_pool(self.spec_path, self.inputs)
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        progress.current().finish(LABEL)
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)  # waits for the tasks running, one each

    def start(
        self, document: dict[str, Any], warnings: tuple[Diagnostic, ...], formatter: str
    ) -> None:
        """Validate `document` here, or hand it to the pool when it is not cached, was pickled
        (large enough) and worker processes are allowed."""
        self._document, self._warnings = document, warnings
        file = str(self.spec_path)
        with self.timings.measure("validate"):
            looked_up = self._looked_up = validator.lookup(document, file)
        self.concurrent = (
            looked_up.found is None and looked_up.document is not None and parallel_allowed()
        )
        if self.concurrent:
            self._submit(file, formatter)
            return
        with self.timings.measure("validate"):
            errors = validator.validate_document(document, file, looked_up)
        if looked_up.found is not None:
            validator.note_known(self.inputs)
        self._result = lambda: errors

    def _submit(self, file: str, formatter: str) -> None:
        # The pool's workers run the two passes of validation (and import black) while this
        # process normalizes and renders; formatting then uses them (see README).
        if self.pool is None:
            self.pool = worker_pool()
        progress.reset_counter()
        pending = validator.submit(self.pool, self._looked_up, file)
        if formatter == "black":
            self.pool.submit(warm_up)
        total = validator.work_units(self._document, self._looked_up.cache is not None)
        progress.current().start(LABEL, total, "parts", poll=progress.read_counter)
        self._result = pending.result

    def prepared(self) -> PreparedSpec:
        """The prepared spec, once its validation is done (waited for on the first call, which
        shows it to `on_prepared`); raises its errors unless invalid specs are allowed."""
        if self._prepared is None:
            with self.timings.measure("validate"):
                found = self._result()
            progress.current().finish(LABEL)
            if self.concurrent:
                validator.remember(self._looked_up, found, self.inputs)
            self._prepared = PreparedSpec(
                self.spec_path, self._document, self._warnings, tuple(found)
            )
            if self.on_prepared is not None:
                self.on_prepared(self._prepared)
        if self._prepared.errors and not self.allow_invalid:
            raise SdkgenError(self._prepared.errors, exit_code=1)
        return self._prepared


def _early_pool(spec_path: Path, inputs: str | None) -> Executor | None:
    """A pool started before loading, its workers warming up, when the spec will likely be
    validated in it: large, and its validation not known from an earlier run."""
    if _spec_bytes(spec_path) < validator.CACHE_MIN_BYTES or validator.known(inputs):
        return None
    pool = worker_pool() if parallel_allowed() else None
    if pool is not None:
        # The first task forks every worker; each idle one takes one of these.
        for _ in range(worker_count()):
            pool.submit(validator.warm_up)
    return pool


def _spec_bytes(spec_path: Path) -> int:
    """The spec file's size: what the validation of a large document costs (a small one is
    validated in this process, see `validate.CACHE_MIN_BYTES`)."""
    try:
        return spec_path.stat().st_size
    except OSError:
        return 0

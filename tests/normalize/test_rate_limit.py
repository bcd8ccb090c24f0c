"""generator.normalize.rate_limit: the limits the API states (its config's `rate_limit`, else
the document's `x-rate-limit`), and none when it states none."""

from __future__ import annotations

from typing import Any

import pytest

from generator import ir
from generator.config import ApiConfig
from generator.normalize import normalize

from ..coverage_ir import codes


def spec_with(**top: Any) -> dict[str, Any]:
    return {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {"/a": {"get": {"responses": {"204": {"description": "none"}}}}},
        **top,
    }


def limit_of(spec: dict[str, Any], config: ApiConfig | None = None) -> tuple[Any, list[str]]:
    api, notes = normalize(
        spec, config=config or ApiConfig(), package_name="t", source_name="spec.yaml"
    )
    return api.rate_limit, [n.code for n in notes if n.code == "normalize.rate-limit"]


def test_an_api_that_states_no_limit_gets_none() -> None:
    assert limit_of(spec_with()) == (None, [])


@pytest.mark.parametrize(
    ("extension", "limit"),
    [
        ({"requests": 30, "per": 1, "max_concurrency": 30}, ir.RateLimit(30, 1.0, 30)),
        ({"requests": 600, "per": 60}, ir.RateLimit(600, 60.0, None)),
        ({"requests": 5.0}, ir.RateLimit(5, 1.0, None)),
        ({"max_concurrency": 2}, ir.RateLimit(None, 1.0, 2)),
    ],
)
def test_the_documents_extension_states_the_limits(
    extension: dict[str, Any], limit: ir.RateLimit
) -> None:
    found, warnings = limit_of(spec_with(**{"x-rate-limit": extension}))
    assert (found, warnings) == (limit, [])
    assert type(found.per) is float
    assert found.requests is None or type(found.requests) is int


def test_the_config_wins_over_the_extension() -> None:
    spec = spec_with(**{"x-rate-limit": {"requests": 30}})
    stated = ir.RateLimit(10, 2.0, 3)
    assert limit_of(spec, ApiConfig(rate_limit=stated)) == (stated, [])
    assert limit_of(spec, ApiConfig(rate_limit=False)) == (None, [])  # `rate_limit: false`
    assert limit_of(spec_with(), ApiConfig(rate_limit=stated)) == (stated, [])


@pytest.mark.parametrize(
    ("extension", "words"),
    [
        ("30/s", "must be a mapping"),
        ({}, "must be a mapping"),
        ({"requests": 0}, "requests must be an integer of at least 1, not 0"),
        ({"requests": 2.5}, "requests must be an integer"),
        ({"requests": True}, "requests must be an integer"),
        ({"requests": "30"}, "requests must be an integer"),
        ({"max_concurrency": -1}, "max_concurrency must be an integer of at least 1"),
        ({"requests": 3, "per": 0}, "per must be a number of seconds more than 0, not 0"),
        ({"requests": 3, "per": float("nan")}, "per must be a number"),
        ({"requests": 3, "per": float("inf")}, "per must be a number"),
        ({"requests": float("inf")}, "requests must be an integer"),
        ({"per": 1}, "`per` counts the seconds of `requests`, which is missing"),
        ({"requests_per_second": 30}, "unknown key 'requests_per_second'"),
    ],
)
def test_a_malformed_extension_is_a_warning_and_states_nothing(extension: Any, words: str) -> None:
    api, notes = normalize(
        spec_with(**{"x-rate-limit": extension}),
        config=ApiConfig(),
        package_name="t",
        source_name="spec.yaml",
    )
    assert api.rate_limit is None
    assert codes(notes) == ["normalize.rate-limit"]
    [note] = notes
    assert (note.severity, note.pointer, note.file) == ("warning", "/x-rate-limit", "spec.yaml")
    assert words in note.message

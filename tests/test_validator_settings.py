"""validator_settings: the validators' settings at their defaults without pydantic-settings,
giving the same validation as the libraries' own settings modules."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from generator.validate import settings as validator_settings

ROOT = Path(__file__).parents[1]
BAD_SPECS = ROOT / "tests" / "bad_specs"

# The libraries' own settings, read in a fresh interpreter (nothing replaced there).
READ_REAL_SETTINGS = """
import json
from openapi_schema_validator import settings as schema
from openapi_spec_validator import settings as spec
print(json.dumps({
    "spec": sorted(name for name in vars(spec) if not name.startswith("_")),
    "schema": sorted(name for name in vars(schema) if not name.startswith("_")),
    "resolved_cache_maxsize": spec.OpenAPISpecValidatorSettings().resolved_cache_maxsize,
    "schema_validator_backend": spec.OpenAPISpecValidatorSettings().schema_validator_backend,
    "backend": spec.get_schema_validator_backend(),
    "maxsize": spec.get_resolved_cache_maxsize(),
    "compiled": schema.get_settings().compiled_validator_cache_max_size,
    "constants": [spec.ENV_PREFIX, spec.RESOLVED_CACHE_MAXSIZE_DEFAULT,
                  spec.SCHEMA_VALIDATOR_BACKEND_DEFAULT,
                  sorted(spec.SCHEMA_VALIDATOR_BACKEND_ALLOWED)],
}))
"""

# Every document of the broken-spec corpus validated whole (no cache), and whether
# pydantic-settings was imported to do it.
VALIDATE_CORPUS = """
import json, sys
from pathlib import Path
from typing import Any
from generator.diagnostics import SdkgenError
from generator.load.loader import load_document
from generator.validate.validator import validate_whole_document
found = {}
for path in sorted(Path(sys.argv[1]).iterdir()):
    try:
        data = load_document(path).data
    except SdkgenError:
        continue
    found[path.name] = [vars(d) for d in validate_whole_document(data, path.name)]
print(json.dumps({"found": found, "pydantic_settings": "pydantic_settings" in sys.modules}))
"""


def _python(code: str, *args: str, **env: str) -> dict[str, Any]:
    environment = {
        name: value
        for name, value in os.environ.items()
        if not name.upper().startswith(validator_settings.ENV_PREFIXES)
    }
    environment.update(SDKGEN_CACHE_DIR="off", **env)
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        env=environment,
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def test_the_defaults_are_the_libraries_own() -> None:
    if not validator_settings.verified():
        pytest.skip("other versions of the validators: their own settings are used")
    real = _python(READ_REAL_SETTINGS)
    spec = validator_settings._spec_module()
    schema = validator_settings._schema_module()
    settings = spec.OpenAPISpecValidatorSettings()
    assert real["resolved_cache_maxsize"] == settings.resolved_cache_maxsize
    assert real["schema_validator_backend"] == settings.schema_validator_backend
    assert real["backend"] == spec.get_schema_validator_backend()
    assert real["maxsize"] == spec.get_resolved_cache_maxsize()
    assert real["compiled"] == schema.get_settings().compiled_validator_cache_max_size
    assert real["constants"] == [
        spec.ENV_PREFIX,
        spec.RESOLVED_CACHE_MAXSIZE_DEFAULT,
        spec.SCHEMA_VALIDATOR_BACKEND_DEFAULT,
        sorted(spec.SCHEMA_VALIDATOR_BACKEND_ALLOWED),
    ]
    # What the libraries import from their settings modules is there.
    for name in ("OpenAPISpecValidatorSettings", "get_schema_validator_backend"):
        assert name in real["spec"] and hasattr(spec, name)
    for name in ("get_settings", "reset_settings_cache"):
        assert name in real["schema"] and hasattr(schema, name)


def test_the_corpus_validates_alike_without_pydantic_settings() -> None:
    if not validator_settings.verified():
        pytest.skip("other versions of the validators: their own settings are used")
    replaced = _python(VALIDATE_CORPUS, str(BAD_SPECS))
    # A variable of the library set (to its default value): its own settings module reads it.
    own = _python(
        VALIDATE_CORPUS, str(BAD_SPECS), OPENAPI_SPEC_VALIDATOR_RESOLVED_CACHE_MAXSIZE="128"
    )
    assert replaced["pydantic_settings"] is False
    assert own["pydantic_settings"] is True
    assert len(replaced["found"]) > 10 and any(replaced["found"].values())
    assert replaced["found"] == own["found"]


@pytest.mark.parametrize(
    "name", ["OPENAPI_SPEC_VALIDATOR_SCHEMA_VALIDATOR_BACKEND", "openapi_schema_validator_x"]
)
def test_a_variable_of_either_library_keeps_their_own_settings(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(name, "jsonschema")
    assert validator_settings.configured()
    assert validator_settings.install() is False


# What a validation imports, with each validator (a fresh interpreter, no cache).
IMPORTS = """
import json, sys
from generator.validate import validator
valid = {"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}}
broken = {**valid, "components": {"schemas": {"S": {"type": "string", "default": 3}}}}
found = validator.validate_document(json.loads(sys.argv[1]) and broken or valid)
print(json.dumps({
    "found": len(found),
    "used": validator.last_used(),
    "imported": sorted(
        name for name in ("openapi_spec_validator", "pydantic", "pydantic_settings")
        if name in sys.modules
    ),
}))
"""


def test_a_validation_imports_only_what_it_needs() -> None:
    """The Rust validator alone imports neither library nor pydantic; the reference (and the
    Rust validator's fallback to its keyword pass) imports the library, without
    pydantic-settings."""
    from generator.validate import rust

    if not validator_settings.verified():
        pytest.skip("other versions of the validators: their own settings are used")
    reference = _python(IMPORTS, "true", SDKGEN_VALIDATOR="reference")
    assert reference["found"] == 1 and "pydantic_settings" not in reference["imported"]
    assert "openapi_spec_validator" in reference["imported"]
    if not rust.available():
        pytest.skip("openapi-spec-validator-rs is not installed")
    alone = _python(IMPORTS, "false", SDKGEN_VALIDATOR="rust")
    assert alone == {"found": 0, "used": alone["used"], "imported": []}
    assert alone["used"].startswith("openapi-spec-validator-rs ")
    fallback = _python(IMPORTS, "true", SDKGEN_VALIDATOR="rust")
    assert fallback["found"] == 1 and fallback["imported"] == ["openapi_spec_validator"]
    assert "(keyword pass)" in fallback["used"]

"""The settings of openapi-spec-validator and openapi-schema-validator, without pydantic-settings.

Both libraries read three settings from the environment (`OPENAPI_SPEC_VALIDATOR_*`,
`OPENAPI_SCHEMA_VALIDATOR_*`: cache sizes and the JSON Schema backend) through
pydantic-settings, whose import (with pydantic's) is about half of the validator's (0.17 s ->
0.07 s on a quiet machine), in each process that runs the reference: every validation where
openapi-spec-validator-rs is not installed, and where it is, those whose keyword-pass problems
the reference locates (the CA spec before repair). When none of those variables is set,
the settings are the defaults the libraries declare, so `install` puts modules that hold just
those defaults in place of the libraries' `settings` modules before they are imported. When one
is set, or the libraries are of a version whose defaults were not compared with these
(`tests/test_validate.py` compares them), nothing is replaced and the libraries read their
variables themselves: what is validated, and how, is the same either way.
"""

from __future__ import annotations

import os
import sys
import types
from functools import lru_cache
from importlib import metadata

SPEC_MODULE = "openapi_spec_validator.settings"
SCHEMA_MODULE = "openapi_schema_validator.settings"
ENV_PREFIXES = ("OPENAPI_SPEC_VALIDATOR_", "OPENAPI_SCHEMA_VALIDATOR_")
# The versions whose settings modules declare exactly the defaults below.
VERIFIED_VERSIONS = {
    "openapi-spec-validator": ("0.9.0",),
    "openapi-schema-validator": ("0.9.0",),
}

RESOLVED_CACHE_MAXSIZE_DEFAULT = 128
SCHEMA_VALIDATOR_BACKEND_DEFAULT = "auto"
COMPILED_VALIDATOR_CACHE_MAX_SIZE_DEFAULT = 128


class OpenAPISpecValidatorSettings:
    """openapi-spec-validator's settings, every one at its default."""

    resolved_cache_maxsize = RESOLVED_CACHE_MAXSIZE_DEFAULT
    schema_validator_backend = SCHEMA_VALIDATOR_BACKEND_DEFAULT


class OpenAPISchemaValidatorSettings:
    """openapi-schema-validator's settings, every one at its default."""

    compiled_validator_cache_max_size = COMPILED_VALIDATOR_CACHE_MAX_SIZE_DEFAULT


def _spec_module() -> types.ModuleType:
    module = types.ModuleType(SPEC_MODULE, "openapi-spec-validator's defaults (see sdkgen)")
    vars(module).update(
        ENV_PREFIX=ENV_PREFIXES[0],
        RESOLVED_CACHE_MAXSIZE_DEFAULT=RESOLVED_CACHE_MAXSIZE_DEFAULT,
        SCHEMA_VALIDATOR_BACKEND_DEFAULT=SCHEMA_VALIDATOR_BACKEND_DEFAULT,
        SCHEMA_VALIDATOR_BACKEND_ALLOWED={"auto", "jsonschema", "jsonschema-rs"},
        OpenAPISpecValidatorSettings=OpenAPISpecValidatorSettings,
        get_resolved_cache_maxsize=lambda: RESOLVED_CACHE_MAXSIZE_DEFAULT,
        get_schema_validator_backend=lambda: SCHEMA_VALIDATOR_BACKEND_DEFAULT,
    )
    return module


def _schema_module() -> types.ModuleType:
    module = types.ModuleType(SCHEMA_MODULE, "openapi-schema-validator's defaults (see sdkgen)")
    settings = OpenAPISchemaValidatorSettings()
    vars(module).update(
        OpenAPISchemaValidatorSettings=OpenAPISchemaValidatorSettings,
        get_settings=lambda: settings,
        reset_settings_cache=lambda: None,
    )
    return module


@lru_cache(maxsize=1)
def verified() -> bool:
    """Whether the installed libraries are versions whose defaults are the ones above."""
    for distribution, versions in VERIFIED_VERSIONS.items():
        try:
            if metadata.version(distribution) not in versions:
                return False
        except metadata.PackageNotFoundError:
            return False
    return True


def configured() -> bool:
    """Whether a variable of either library is set (pydantic-settings reads them in any case)."""
    return any(name.upper().startswith(ENV_PREFIXES) for name in os.environ)


def install() -> bool:
    """Put the defaults' modules in place, before the libraries are imported; whether it did."""
    if configured() or not verified():
        return False
    if SPEC_MODULE in sys.modules or SCHEMA_MODULE in sys.modules:
        return False  # imported already: the libraries hold the real ones
    sys.modules[SPEC_MODULE] = _spec_module()
    sys.modules[SCHEMA_MODULE] = _schema_module()
    return True

"""The runtime of the generated SDKs: static modules copied into every SDK as they are.

sdkgen copies each `_*.py` module of this package into the generated package, with only the
generated header prepended (`render.runtime_files`). What differs from one API to the next (the
distribution name and version in the User-Agent, servers, security schemes, operations) comes
from the generated `_version.py` and `_client.py`. The modules are stored formatted as black
and `ruff format` would format them, so generation never formats them again.

sdkgen itself never imports this package (it needs httpx and pydantic, which the SDKs depend on
and sdkgen does not); it is a package so that the modules are linted, type-checked and tested
as the modules they are (`tests/runtime/`).
"""

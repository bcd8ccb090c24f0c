"""generator.normalize.servers: servers of the API, of a path and of an operation."""

from __future__ import annotations

from typing import Any

from ..coverage_ir import api30, codes, normalized, operation


def spec_with(api_servers: Any, **path_item: Any) -> dict[str, Any]:
    operation_ = {"responses": {"204": {"description": "none"}}}
    return {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "servers": api_servers,
        "paths": {"/a": {"get": operation_, **path_item}},
    }


def test_a_server_without_a_url_is_left_out() -> None:
    api, notes = normalized(spec_with([{"description": "no url"}, {"url": "https://a"}]))
    assert [s.url for s in api.servers] == ["https://a"]
    assert [s.pointer for s in api.skipped] == ["/servers/0"]
    assert "normalize.skipped" in codes(notes)


def test_a_path_item_server_serves_its_operations() -> None:
    api, _ = normalized(spec_with([{"url": "https://a"}], servers=[{"url": "https://path"}]))
    [op] = api.all_operations()
    assert [s.url for s in op.servers] == ["https://path"]


def test_server_variables_never_take_a_client_option_or_builtin_name() -> None:
    servers = [
        {
            "url": "https://{timeout}.example.com/{os}/{str}",
            "variables": {n: {"default": "x"} for n in ("timeout", "os", "str")},
        }
    ]
    api, _ = normalized(spec_with(servers))
    assert [v.python_name for v in api.servers[0].variables] == ["timeout_", "os_", "str_"]


# --- the coverage specs -----------------------------------------------------------------------


def test_server_variables() -> None:
    [server] = api30().servers
    assert server.url == "https://{region}.example.com/{basePath}"
    assert [(v.name, v.python_name, v.default, v.enum) for v in server.variables] == [
        ("region", "region", "eu", ("eu", "us")),
        ("basePath", "base_path", "v1", ()),
    ]


def test_path_and_operation_level_servers() -> None:
    api = api30()
    assert [s.url for s in operation(api, "listPets").servers] == ["https://pets.example.com"]
    assert [s.url for s in operation(api, "createPet").servers] == ["https://write.example.com"]
    assert operation(api, "getPet").servers == ()  # the API's servers

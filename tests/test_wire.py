"""Wire conformance: the requests of the generated SDK, byte for byte, on a real HTTP server on
127.0.0.1 that records the request line, the header lines and the body as received.

Parameters follow the OpenAPI specification's style examples (the `color` parameter of its
"Style Examples" table, the same in 3.0 and 3.1) and RFC 6570's expansion examples (section 3.2),
for every location, style and explode; bodies follow the rule that a request sends exactly what
the caller set, for every media type. Each case runs on the sync and the async client of the
spec tests/wire_fixtures/wire.yaml generated as OpenAPI 3.0 and as 3.1, and the Commanders Act
SDK sends its PATCH bodies the same way.

Where the two versions' tables differ, the expectations follow the clearer one and say so:
deepObject brackets are percent-encoded (`color%5BR%5D=100`, OpenAPI 3.0.4 and 3.1.1: RFC 3986
does not allow them in a query), pipeDelimited keeps its `|` delimiter literal (3.0.3 and 3.1.0)
so that a value's own `|` (sent as `%7C`) stays distinguishable from it.
"""

from __future__ import annotations

import asyncio
import importlib
import inspect
import json
import os
import re
import subprocess
import sys
import threading
import warnings
from collections.abc import Callable, Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import parse_qs

import pytest
import yaml

from .test_coverage import Recorder, generated, multipart_parts, reply

SPEC = Path(__file__).parent / "wire_fixtures" / "wire.yaml"

COLOR_STRING = "blue"
COLOR_ARRAY = ["blue", "black", "brown"]
COLOR_OBJECT = {"R": 100, "G": 200, "B": 150}
# RFC 6570 section 3.2's variables
HELLO = "Hello World!"
HALF = "50%"
BASE = "http://example.com/home/"
LIST = ["red", "green", "blue"]
KEYS = {"semi": ";", "dot": ".", "comma": ","}


def _as_openapi_31(node: Any) -> Any:
    """The 3.0 document as 3.1: `nullable: true` becomes a "null" member of `type`."""
    if isinstance(node, list):
        return [_as_openapi_31(item) for item in node]
    if not isinstance(node, dict):
        return node
    converted = {key: _as_openapi_31(value) for key, value in node.items()}
    if converted.pop("nullable", False) is True and isinstance(converted.get("type"), str):
        converted["type"] = [converted["type"], "null"]
    return converted


@pytest.fixture(scope="module", params=["3.0", "3.1"])
def wire(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """The wire spec's SDK, generated from its OpenAPI 3.0 text and from a 3.1 version of it."""
    spec = SPEC
    if request.param == "3.1":
        document = _as_openapi_31(yaml.safe_load(SPEC.read_text()))
        document["openapi"] = "3.1.0"
        spec = tmp_path_factory.mktemp("wire31") / "wire.yaml"
        spec.write_text(yaml.safe_dump(document, sort_keys=False))
    package = "sdkgen_wire" + request.param.replace(".", "")
    yield from generated(tmp_path_factory, spec, package)


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """test_coverage's recording server (`Recorder`) on a free port of 127.0.0.1."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(autouse=True)
def fresh_log() -> None:
    Recorder.seen.clear()
    Recorder.replies.clear()
    Recorder.delays.clear()


@pytest.fixture(scope="module")
def clients(wire: ModuleType, server: str) -> Iterator[tuple[Any, Any, asyncio.AbstractEventLoop]]:
    """A sync and an async client of the wire SDK, made once (a client builds an SSL context),
    and the event loop the async one runs on."""
    loop = asyncio.new_event_loop()
    sync_client = wire.Wire(base_url=server, max_retries=0)
    async_client = loop.run_until_complete(_async_client(wire, server))
    yield sync_client, async_client, loop
    sync_client.close()
    loop.run_until_complete(async_client.close())
    loop.close()


async def _async_client(wire: ModuleType, server: str) -> Any:
    return wire.AsyncWire(base_url=server, max_retries=0)


@pytest.fixture(params=["sync", "async"])
def send(
    request: pytest.FixtureRequest, clients: tuple[Any, Any, asyncio.AbstractEventLoop]
) -> Callable[..., Any]:
    """Runs `call(client)` on the sync or the async client; returns what the server recorded."""
    sync_client, async_client, loop = clients
    for method in ("GET", "POST", "PUT", "PATCH"):
        reply(method, "*", b"", status=204)  # unless a test routes the path itself

    def run(call: Callable[[Any], Any]) -> dict[str, Any]:
        if request.param == "sync":
            call(sync_client)
        else:
            loop.run_until_complete(call(async_client))
        return Recorder.seen[-1]

    return run


def types(wire: ModuleType) -> ModuleType:
    return importlib.import_module(wire.__name__ + ".types")


def target(sent: dict[str, Any]) -> str:
    """The request target exactly as received (`GET <target> HTTP/1.1`)."""
    method, raw_target, version = sent["request_line"].split(" ")
    assert method == sent["method"] and version == "HTTP/1.1"
    return raw_target


def header(sent: dict[str, Any], name: str) -> str | None:
    values = [value for key, value in sent["header_lines"] if key.lower() == name.lower()]
    assert len(values) <= 1, values
    return values[0] if values else None


# --- path parameters --------------------------------------------------------------------------

# (style resource, value, target): the style examples table, then RFC 6570 section 3.2
PATH_CASES = [
    # OpenAPI style examples: "empty" (3.0.x) / string / array / object columns
    ("simple", COLOR_STRING, "/path/simple/blue"),
    ("simple", COLOR_ARRAY, "/path/simple/blue,black,brown"),
    ("simple", COLOR_OBJECT, "/path/simple/R,100,G,200,B,150"),
    ("simple_explode", COLOR_STRING, "/path/simple-explode/blue"),
    ("simple_explode", COLOR_ARRAY, "/path/simple-explode/blue,black,brown"),
    ("simple_explode", COLOR_OBJECT, "/path/simple-explode/R=100,G=200,B=150"),
    ("label", "", "/path/label/%2E"),  # "." as a segment would be dropped by URL normalisation
    ("label", COLOR_STRING, "/path/label/.blue"),
    ("label", COLOR_ARRAY, "/path/label/.blue,black,brown"),
    ("label", COLOR_OBJECT, "/path/label/.R,100,G,200,B,150"),
    ("label_explode", "", "/path/label-explode/%2E"),
    ("label_explode", COLOR_STRING, "/path/label-explode/.blue"),
    ("label_explode", COLOR_ARRAY, "/path/label-explode/.blue.black.brown"),
    ("label_explode", COLOR_OBJECT, "/path/label-explode/.R=100.G=200.B=150"),
    ("matrix", "", "/path/matrix/;color"),
    ("matrix", COLOR_STRING, "/path/matrix/;color=blue"),
    ("matrix", COLOR_ARRAY, "/path/matrix/;color=blue,black,brown"),
    ("matrix", COLOR_OBJECT, "/path/matrix/;color=R,100,G,200,B,150"),
    ("matrix_explode", "", "/path/matrix-explode/;color"),
    ("matrix_explode", COLOR_STRING, "/path/matrix-explode/;color=blue"),
    ("matrix_explode", COLOR_ARRAY, "/path/matrix-explode/;color=blue;color=black;color=brown"),
    ("matrix_explode", COLOR_OBJECT, "/path/matrix-explode/;R=100;G=200;B=150"),
    # RFC 6570: {hello} {half} {list} {keys} {keys*} {.list*} {.keys} {.keys*} {;half} {;list*}
    # {;keys} {;keys*}; undefined values ({.empty_keys}, {;undef}) expand to nothing
    ("simple", HELLO, "/path/simple/Hello%20World%21"),
    ("simple", HALF, "/path/simple/50%25"),
    ("simple", LIST, "/path/simple/red,green,blue"),
    ("simple", KEYS, "/path/simple/semi,%3B,dot,.,comma,%2C"),
    ("simple_explode", KEYS, "/path/simple-explode/semi=%3B,dot=.,comma=%2C"),
    ("label_explode", LIST, "/path/label-explode/.red.green.blue"),
    ("label", KEYS, "/path/label/.semi,%3B,dot,.,comma,%2C"),
    ("label_explode", KEYS, "/path/label-explode/.semi=%3B.dot=..comma=%2C"),
    ("label", {}, "/path/label/"),
    ("matrix", HALF, "/path/matrix/;color=50%25"),
    ("matrix_explode", LIST, "/path/matrix-explode/;color=red;color=green;color=blue"),
    ("matrix", KEYS, "/path/matrix/;color=semi,%3B,dot,.,comma,%2C"),
    ("matrix_explode", KEYS, "/path/matrix-explode/;semi=%3B;dot=.;comma=%2C"),
    ("matrix", [], "/path/matrix/"),
    # values' own delimiters and a "/" are percent-encoded, the style's delimiters are not
    ("simple", ["a,b", "c"], "/path/simple/a%2Cb,c"),
    ("simple", ["a/b", "é"], "/path/simple/a%2Fb,%C3%A9"),
    ("label_explode", ["a.b", "c"], "/path/label-explode/.a.b.c"),
    ("matrix_explode", {"k;": "v="}, "/path/matrix-explode/;k%3B=v%3D"),
    # a parameter described by `content`: the value as JSON text, percent-encoded
    ("content", {"a": [1, 2]}, "/path/content/%7B%22a%22%3A%5B1%2C2%5D%7D"),
    # dot segments cannot send the request elsewhere
    ("simple", "..", "/path/simple/%2E%2E"),
    ("simple", "a.b", "/path/simple/a.b"),
]


@pytest.mark.parametrize(("style", "value", "expected"), PATH_CASES)
def test_path_parameters(
    send: Callable[..., Any], style: str, value: object, expected: str
) -> None:
    sent = send(lambda client: getattr(client.path, style).retrieve(value))
    assert target(sent) == expected


def test_an_empty_simple_path_parameter_is_refused(wire: ModuleType, server: str) -> None:
    with wire.Wire(base_url=server) as client:
        for empty in ("", [], {}, None):
            with pytest.raises(ValueError, match="non-empty value for path parameter `color`"):
                client.path.simple.retrieve(empty)
    assert Recorder.seen == []


# --- query parameters -------------------------------------------------------------------------

# (keyword arguments of `client.query.retrieve`, query string as sent)
QUERY_CASES = [
    # OpenAPI style examples, form explode true ("form") and false ("form_flat")
    ({"form": ""}, "form="),
    ({"form": COLOR_STRING}, "form=blue"),
    ({"form": COLOR_ARRAY}, "form=blue&form=black&form=brown"),
    ({"form": COLOR_OBJECT}, "R=100&G=200&B=150"),
    ({"form_flat": ""}, "form_flat="),
    ({"form_flat": COLOR_STRING}, "form_flat=blue"),
    ({"form_flat": COLOR_ARRAY}, "form_flat=blue,black,brown"),
    ({"form_flat": COLOR_OBJECT}, "form_flat=R,100,G,200,B,150"),
    # spaceDelimited, pipeDelimited (not exploded) and deepObject (exploded)
    ({"spaces": COLOR_ARRAY}, "spaces=blue%20black%20brown"),
    ({"spaces": COLOR_OBJECT}, "spaces=R%20100%20G%20200%20B%20150"),
    ({"pipes": COLOR_ARRAY}, "pipes=blue|black|brown"),
    ({"pipes": COLOR_OBJECT}, "pipes=R|100|G|200|B|150"),
    ({"deep": COLOR_OBJECT}, "deep%5BR%5D=100&deep%5BG%5D=200&deep%5BB%5D=150"),
    # RFC 6570 form expansion: {?half} {?empty} {?list} {?list*} {?keys} {?keys*}
    ({"form": HALF}, "form=50%25"),
    ({"form": HELLO}, "form=Hello%20World%21"),
    ({"form_flat": LIST}, "form_flat=red,green,blue"),
    ({"form": LIST}, "form=red&form=green&form=blue"),
    ({"form_flat": KEYS}, "form_flat=semi,%3B,dot,.,comma,%2C"),
    ({"form": KEYS}, "semi=%3B&dot=.&comma=%2C"),
    # RFC 6570 reserved expansion (`allowReserved`): {+path} {+hello} {+half} {+base} {+keys};
    # a query still encodes what it cannot hold or what delimits its pairs (#, [, ], &, =, +)
    ({"reserved": "/foo/bar"}, "reserved=/foo/bar"),
    ({"reserved": HELLO}, "reserved=Hello%20World!"),
    ({"reserved": HALF}, "reserved=50%25"),
    ({"reserved": BASE}, "reserved=http://example.com/home/"),
    ({"reserved_flat": KEYS}, "reserved_flat=semi,;,dot,.,comma,,"),
    ({"reserved": "a%20b&c=d+e#f[g]"}, "reserved=a%20b%26c%3Dd%2Be%23f%5Bg%5D"),
    # a value's own delimiter is percent-encoded, the style's stays literal: distinguishable
    ({"form_flat": ["a,b", "c"]}, "form_flat=a%2Cb,c"),
    ({"form_flat": ["a", "b", "c"]}, "form_flat=a,b,c"),
    ({"pipes": ["a|b", "c"]}, "pipes=a%7Cb|c"),
    ({"spaces": ["a+b", "c&d"]}, "spaces=a%2Bb%20c%26d"),
    ({"deep": {"a b": "x&y"}}, "deep%5Ba%20b%5D=x%26y"),
    # scalars: booleans, numbers, UTF-8
    ({"form": True}, "form=true"),
    ({"form": [1, 2.5, False]}, "form=1&form=2.5&form=false"),
    ({"form": "é"}, "form=%C3%A9"),
    # a parameter described by `content` (application/json): JSON text, percent-encoded
    ({"json": {"a": [1, 2]}}, "json=%7B%22a%22%3A%5B1%2C2%5D%7D"),
    ({"json": "x"}, "json=%22x%22"),
    # undefined values are left out: None, empty arrays and objects, None members
    ({"form": None, "form_flat": [], "deep": {}}, ""),
    ({"form": ["a", None, "b"], "form_flat": {"k": None, "j": 1}}, "form=a&form=b&form_flat=j,1"),
    # several parameters keep the operation's order
    ({"pipes": ["x"], "form": "y"}, "form=y&pipes=x"),
]


@pytest.mark.parametrize(("arguments", "expected"), QUERY_CASES)
def test_query_parameters(
    send: Callable[..., Any], arguments: dict[str, Any], expected: str
) -> None:
    sent = send(lambda client: client.query.retrieve(**arguments))
    assert target(sent) == "/query" + ("?" + expected if expected else "")


def test_query_models_send_the_fields_the_caller_set(
    send: Callable[..., Any], wire: ModuleType
) -> None:
    Rgb = types(wire).Rgb
    color = Rgb(R=100, G=200, B=150)  # by wire name; `a` (wire name `A`) keeps its default
    assert color.a == 255
    sent = send(lambda client: client.query.retrieve(rgb=color, rgb_deep=Rgb(r=1)))
    assert target(sent) == "/query?rgb=R,100,G,200,B,150&rgb_deep%5BR%5D=1"


# --- header and cookie parameters -------------------------------------------------------------

# (keyword arguments of `client.headers.retrieve`, {header: value as sent})
HEADER_CASES = [
    ({"x_simple": COLOR_STRING}, {"X-Simple": "blue"}),
    ({"x_simple": COLOR_ARRAY}, {"X-Simple": "blue,black,brown"}),
    ({"x_simple": COLOR_OBJECT}, {"X-Simple": "R,100,G,200,B,150"}),
    ({"x_explode": COLOR_STRING}, {"X-Explode": "blue"}),
    ({"x_explode": COLOR_ARRAY}, {"X-Explode": "blue,black,brown"}),
    ({"x_explode": COLOR_OBJECT}, {"X-Explode": "R=100,G=200,B=150"}),
    # a scalar header is sent as it is (OpenAPI Appendix D: no RFC 6570 percent-encoding for
    # headers); in arrays and objects a value's own `,`, `=` and `%` are percent-encoded
    ({"x_simple": '"etag", 50% off'}, {"X-Simple": '"etag", 50% off'}),
    ({"x_simple": ["a,b", "c d"]}, {"X-Simple": "a%2Cb,c d"}),
    ({"x_explode": KEYS}, {"X-Explode": "semi=;,dot=.,comma=%2C"}),
    ({"x_explode": {"k=": "50%"}}, {"X-Explode": "k%3D=50%25"}),
    ({"x_simple": "é\n"}, {"X-Simple": "%C3%A9%0A"}),  # what a header cannot carry
    ({"x_json": {"a": [1, "b"]}}, {"X-Json": '{"a":[1,"b"]}'}),
    ({"x_simple": None, "x_explode": []}, {"X-Simple": None, "X-Explode": None}),
]


@pytest.mark.parametrize(("arguments", "expected"), HEADER_CASES)
def test_header_parameters(
    send: Callable[..., Any], arguments: dict[str, Any], expected: dict[str, str | None]
) -> None:
    sent = send(lambda client: client.headers.retrieve(**arguments))
    assert {name: header(sent, name) for name in expected} == expected


# (keyword arguments of `client.cookies.retrieve`, Cookie header as sent): style form, its
# pairs separated by "; " as cookies are (OpenAPI Appendix D)
COOKIE_CASES = [
    ({"exploded": COLOR_STRING}, "exploded=blue"),
    ({"exploded": COLOR_ARRAY}, "exploded=blue; exploded=black; exploded=brown"),
    ({"exploded": COLOR_OBJECT}, "R=100; G=200; B=150"),
    ({"flat": COLOR_STRING}, "flat=blue"),
    ({"flat": COLOR_ARRAY}, "flat=blue,black,brown"),
    ({"flat": COLOR_OBJECT}, "flat=R,100,G,200,B,150"),
    # what a cookie value cannot hold (RFC 6265) is percent-encoded; in arrays and objects
    # also a value's own `=` and `%`
    ({"exploded": 'a b;c,"d"\\'}, "exploded=a%20b%3Bc%2C%22d%22%5C"),
    ({"exploded": "base64=="}, "exploded=base64=="),
    ({"flat": ["a,b", "x=1"]}, "flat=a%2Cb,x%3D1"),
    ({"exploded": "a", "flat": ["b"]}, "exploded=a; flat=b"),
    ({"exploded": None, "flat": {}}, None),
]


@pytest.mark.parametrize(("arguments", "expected"), COOKIE_CASES)
def test_cookie_parameters(
    send: Callable[..., Any], arguments: dict[str, Any], expected: str | None
) -> None:
    sent = send(lambda client: client.cookies.retrieve(**arguments))
    assert header(sent, "Cookie") == expected


# --- schema defaults: the server's business, never sent unless the caller sets them ----------

# (keyword arguments of `client.listing.retrieve`, request target, X-Page-Size, Cookie)
DEFAULT_CASES = [
    # only the required parameter with a default is sent (it must be: it is required)
    ({}, "/listing?format=json", None, None),
    # a value equal to the default is sent when the caller sets it
    ({"limit": 20, "sort": "name"}, "/listing?limit=20&sort=name&format=json", None, None),
    ({"verbose": False, "format": "xml"}, "/listing?verbose=false&format=xml", None, None),
    ({"x_page_size": 50, "lang": "en"}, "/listing?format=json", "50", "lang=en"),
    ({"limit": None, "x_page_size": None}, "/listing?format=json", None, None),
]


@pytest.mark.parametrize(("arguments", "expected", "page_size", "cookie"), DEFAULT_CASES)
def test_parameter_defaults_are_sent_only_when_the_caller_sets_them(
    send: Callable[..., Any],
    arguments: dict[str, Any],
    expected: str,
    page_size: str | None,
    cookie: str | None,
) -> None:
    sent = send(lambda client: client.listing.retrieve(**arguments))
    assert target(sent) == expected
    assert header(sent, "X-Page-Size") == page_size
    assert header(sent, "Cookie") == cookie


def test_parameter_defaults_are_documented_not_defaulted(wire: ModuleType) -> None:
    resource = importlib.import_module(wire.__name__ + ".resources.listing").ListingResource
    signature = inspect.signature(resource.retrieve)
    defaults = {name: p.default for name, p in signature.parameters.items() if name != "self"}
    assert defaults["limit"] is None and defaults["sort"] is None
    assert defaults["verbose"] is None and defaults["x_page_size"] is None
    assert defaults["lang"] is None and defaults["format"] == "json"
    doc = resource.retrieve.__doc__ or ""
    assert "limit: Page size. (server default when not sent: 20)" in doc
    assert "sort: (server default when not sent: 'name')" in doc


# --- JSON and merge-patch bodies: exactly what the caller set ---------------------------------


def _settings_cases(t: ModuleType) -> list[tuple[object, bytes]]:
    """(body, bytes sent): models send the fields the caller set, dicts what they hold."""
    assigned = t.Setting()
    assigned.retries = 3  # set, even to its default value: sent
    return [
        (t.Setting(label="x"), b'{"label": "x"}'),
        (t.Setting(label="x", note=None), b'{"label": "x", "note": null}'),
        (t.Setting(limits=t.Limit(daily=5)), b'{"limits": {"daily": 5}}'),
        (t.Setting.model_validate({"limits": {"monthly": 9}}), b'{"limits": {"monthly": 9}}'),
        (t.Setting(max_size=1), b'{"max-size": 1}'),  # a wire name that is not a Python name
        (t.Setting(**{"max-size": 2}), b'{"max-size": 2}'),
        (t.Setting(custom="kept"), b'{"custom": "kept"}'),  # an extra key the spec does not list
        (t.Setting(tags=[]), b'{"tags": []}'),
        (assigned, b'{"retries": 3}'),
        (t.Setting(), b"{}"),
        (
            {"label": "é", "note": None, "retries": 3},
            '{"label": "é", "note": null, "retries": 3}'.encode(),
        ),
    ]


@pytest.mark.parametrize("method", ["update", "replace"])
def test_json_and_merge_patch_bodies_send_what_the_caller_set(
    send: Callable[..., Any], wire: ModuleType, method: str
) -> None:
    t = types(wire)
    media_type = "application/merge-patch+json" if method == "update" else "application/json"
    reply("PATCH", "/settings", {"label": "x"})
    reply("PUT", "/settings", b"", status=204)
    for body, expected in _settings_cases(t):
        sent = send(lambda client, body=body: getattr(client.settings, method)(body=body))
        assert (sent["request_line"], header(sent, "Content-Type")) == (
            f"{'PATCH' if method == 'update' else 'PUT'} /settings HTTP/1.1",
            media_type,
        )
        assert sent["body"] == expected, body


def test_constants_and_required_fields_are_sent_with_their_defaults(
    send: Callable[..., Any], wire: ModuleType
) -> None:
    """The exceptions: a constant (`kind`, whose only value is its default) and a required
    property with a default (`version`) are sent even when unset; `theme` is not."""
    t = types(wire)
    sent = send(lambda client: client.profiles.update(body=t.Profile(name="x")))
    assert sent["body"] == b'{"kind": "profile", "version": 1, "name": "x"}'
    sent = send(lambda client: client.profiles.update(body=t.Profile(version=2, theme="dark")))
    assert sent["body"] == b'{"kind": "profile", "version": 2, "theme": "dark"}'


def test_defaults_are_readable_but_not_sent(wire: ModuleType) -> None:
    t = types(wire)
    settings = t.Setting(label="x")
    assert (settings.retries, settings.enabled, settings.mode, settings.note) == (
        3,
        True,
        "auto",
        "none",
    )
    assert settings.to_dict() == {"label": "x"}
    assert settings.model_dump(exclude_unset=True) == {"label": "x"}


def test_jsonapi_bodies_send_what_the_caller_set_and_the_envelope(
    send: Callable[..., Any], wire: ModuleType
) -> None:
    t = types(wire)
    reply("PATCH", "/articles/a1", {"data": {"type": "articles", "id": "a1"}})
    author = t.ArticleRelationships(
        author=t.ToOneRelationship(data=t.ResourceIdentifier(type="people", id="9"))
    )
    cases = [
        (  # an attributes model: the SDK writes `type` and the `id` of the path
            t.ArticleAttributes(title="t"),
            b'{"data": {"type": "articles", "attributes": {"title": "t"}, "id": "a1"}}',
        ),
        (  # None is sent as null; relationships nest; `published` and `rating` stay unsent
            t.Article(
                type="articles", attributes=t.ArticleAttributes(body=None), relationships=author
            ),
            (
                b'{"data": {"type": "articles", "attributes": {"body": null}, "relationships": '
                b'{"author": {"data": {"type": "people", "id": "9"}}}, "id": "a1"}}'
            ),
        ),
        (  # clearing a to-one relationship
            t.Article(
                type="articles",
                relationships=t.ArticleRelationships(author=t.ToOneRelationship(data=None)),
            ),
            b'{"data": {"type": "articles", "relationships": {"author": {"data": null}}, "id": "a1"}}',
        ),
        (  # a whole document
            t.Document[t.Article](
                data=t.Article(type="articles", id="a1", attributes=t.ArticleAttributes(rating=0))
            ),
            b'{"data": {"type": "articles", "id": "a1", "attributes": {"rating": 0}}}',
        ),
        (  # a dict: as given
            {"data": {"type": "articles", "id": "a1", "attributes": {"title": None}}},
            b'{"data": {"type": "articles", "id": "a1", "attributes": {"title": null}}}',
        ),
    ]
    for body, expected in cases:
        sent = send(lambda client, body=body: client.articles.update("a1", body=body))
        assert header(sent, "Content-Type") == "application/vnd.api+json"
        assert sent["body"] == expected


# --- bodies as keyword arguments ----------------------------------------------------------------


def test_json_body_fields_are_keywords_and_send_only_what_was_passed(
    send: Callable[..., Any],
) -> None:
    reply("PATCH", "/settings", {"label": "x"})
    cases: list[tuple[dict[str, Any], bytes]] = [
        ({"label": "x", "note": None}, b'{"label": "x", "note": null}'),  # nullable: null sent
        ({"max_size": 1}, b'{"max-size": 1}'),  # the wire name
        ({"limits": {"daily": 5}, "tags": []}, b'{"limits": {"daily": 5}, "tags": []}'),
        ({}, b"{}"),  # a required body of which nothing was passed: empty, no defaults
    ]
    for keywords, expected in cases:
        sent = send(lambda client, keywords=keywords: client.settings.update(**keywords))
        assert header(sent, "Content-Type") == "application/merge-patch+json"
        assert sent["body"] == expected, keywords


def test_keyword_constants_and_required_defaults_are_sent(send: Callable[..., Any]) -> None:
    sent = send(lambda client: client.profiles.update(name="x"))
    assert sent["body"] == b'{"kind": "profile", "version": 1, "name": "x"}'
    sent = send(lambda client: client.profiles.update(version=2, theme="dark"))
    assert sent["body"] == b'{"kind": "profile", "version": 2, "theme": "dark"}'


def test_the_whole_body_is_still_taken_with_a_deprecation_warning(
    send: Callable[..., Any], wire: ModuleType
) -> None:
    """Issue 22 item 5: a call written before the body's fields became keywords sends the same
    bytes, and warns; a call mixing both ways is refused."""
    t = types(wire)
    reply("PATCH", "/settings", {"label": "x"})
    with pytest.warns(DeprecationWarning, match=r"update\(body=\.\.\.\) is deprecated"):
        sent = send(lambda client: client.settings.update(body=t.Setting(label="x", note=None)))
    assert sent["body"] == b'{"label": "x", "note": null}'
    with pytest.warns(DeprecationWarning):
        sent = send(lambda client: client.profiles.update(body={"name": "x"}))
    assert sent["body"] == b'{"name": "x"}'  # a dict as given, as before
    with pytest.raises(TypeError, match="not both"):
        send(lambda client: client.settings.update(label="y", body={"label": "x"}))


def test_a_body_field_named_like_an_argument_keeps_the_body_argument(
    send: Callable[..., Any], wire: ModuleType
) -> None:
    """The articles' attributes have a `body`: the method keeps one `body=` argument, which
    does not warn."""
    t = types(wire)
    parameters = inspect.signature(wire.Wire(base_url="http://x").articles.update).parameters
    assert "body" in parameters and "title" not in parameters
    reply("PATCH", "/articles/a1", {"data": {"type": "articles", "id": "a1"}})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        sent = send(lambda client: client.articles.update("a1", body=t.ArticleAttributes(body="b")))
    assert (
        sent["body"] == b'{"data": {"type": "articles", "attributes": {"body": "b"}, "id": "a1"}}'
    )


KEYWORD_FORM_CASES = [
    ({"name": "a b+c&d", "tags": ["a", "b c"]}, "name=a+b%2Bc%26d&tags=a&tags=b+c"),
    ({"deep": {"a": "1", "b": "2"}}, "deep%5Ba%5D=1&deep%5Bb%5D=2"),
    ({"name": None}, ""),  # a form has no null
]


@pytest.mark.parametrize(("fields", "expected"), KEYWORD_FORM_CASES)
def test_urlencoded_body_fields_as_keywords(
    send: Callable[..., Any], fields: dict[str, Any], expected: str
) -> None:
    reply("POST", "/forms", b"", status=204)
    sent = send(lambda client: client.forms.create(**fields))
    assert header(sent, "Content-Type") == "application/x-www-form-urlencoded"
    assert sent["body"] == expected.encode()


def test_multipart_body_fields_as_keywords(send: Callable[..., Any]) -> None:
    reply("POST", "/uploads", b"", status=204)
    sent = send(
        lambda client: client.uploads.create(title="t", meta={"k": "v"}, document=b"\x00\x01")
    )
    text = "text/plain; charset=utf-8"
    assert multipart_parts(sent) == [  # `visible` and the others not passed: no part
        ("title", None, text, b"t"),
        ("meta", None, "application/json", b'{"k":"v"}'),
        ("document", "upload", "application/octet-stream", b"\x00\x01"),
    ]


# --- form bodies ------------------------------------------------------------------------------

# (Form fields, urlencoded body as sent). A property with an `encoding` entry naming a style is
# serialised like a query parameter of that style; any other by its content type (OpenAPI 3.0.4
# and 3.1.1, Encoding Object defaults): text as it is, objects as JSON text, a list as one pair
# per item, then form-encoded (space as "+").
FORM_CASES = [
    ({"name": "n"}, "name=n"),  # `count` keeps its default: not sent
    ({"name": "a b+c&d"}, "name=a+b%2Bc%26d"),
    ({"count": 1}, "count=1"),
    ({"tags": ["a", "b c"]}, "tags=a&tags=b+c"),
    ({"nested": {"a": "1"}}, "nested=%7B%22a%22%3A%221%22%7D"),
    ({"exploded": {"a": "1", "b": "x y"}}, "a=1&b=x%20y"),
    ({"flat": {"a": "1", "b": "2,3"}}, "flat=a,1,b,2%2C3"),
    ({"deep": {"a": "1", "b": "2"}}, "deep%5Ba%5D=1&deep%5Bb%5D=2"),
    ({"spaces": ["a", "b"]}, "spaces=a%20b"),
    ({"pipes": ["a", "b|c"]}, "pipes=a|b%7Cc"),
    ({"reserved": "a/b?c:d&e"}, "reserved=a/b?c:d%26e"),
    # the Encoding Object's `contentType: application/json` for a string: JSON text (the
    # specification's "URL Encoded Form with JSON Values" example, `id` as application/json)
    (
        {"quoted": "f81d4fae-7dec-11d0-a765-00a0c91e6bf6"},
        "quoted=%22f81d4fae-7dec-11d0-a765-00a0c91e6bf6%22",
    ),
    ({"name": None, "tags": []}, ""),
]


@pytest.mark.parametrize(("fields", "expected"), FORM_CASES)
def test_urlencoded_bodies(
    send: Callable[..., Any], wire: ModuleType, fields: dict[str, Any], expected: str
) -> None:
    reply("POST", "/forms", b"", status=204)
    body = types(wire).Form(**fields)
    sent = send(lambda client: client.forms.create(body=body))
    assert header(sent, "Content-Type") == "application/x-www-form-urlencoded"
    assert sent["body"] == expected.encode()
    as_dict = send(lambda client: client.forms.create(body=dict(fields)))
    assert as_dict["body"] == expected.encode()  # a dict sends the same


def test_urlencoded_body_of_the_specification_example(
    send: Callable[..., Any], wire: ModuleType
) -> None:
    """OpenAPI 3.1.1, "Example: URL Encoded Form with JSON Values": no `encoding`, so `id` is
    text and `address` JSON text. The specification leaves `:` and `,` unencoded, Python's
    form encoding does not; both decode to the same form."""
    reply("POST", "/address-forms", b"", status=204)
    address = {
        "streetAddress": "123 Example Dr.",
        "city": "Somewhere",
        "state": "CA",
        "zip": "99999+1234",
    }
    body = {"id": "f81d4fae-7dec-11d0-a765-00a0c91e6bf6", "address": address}
    sent = send(lambda client: client.address_forms.create(body=body))
    specification = (
        "id=f81d4fae-7dec-11d0-a765-00a0c91e6bf6&address=%7B%22streetAddress%22:%22123+Example+Dr.%22,"
        "%22city%22:%22Somewhere%22,%22state%22:%22CA%22,%22zip%22:%2299999%2B1234%22%7D"
    )
    assert sent["body"] == (
        b"id=f81d4fae-7dec-11d0-a765-00a0c91e6bf6&address=%7B%22streetAddress%22%3A%22123+Example"
        b"+Dr.%22%2C%22city%22%3A%22Somewhere%22%2C%22state%22%3A%22CA%22%2C%22zip%22%3A%2299999%2B"
        b"1234%22%7D"
    )
    assert parse_qs(sent["body"].decode()) == parse_qs(specification)


def test_multipart_parts_get_the_specification_default_content_types(
    send: Callable[..., Any], wire: ModuleType
) -> None:
    reply("POST", "/uploads", b"", status=204)
    body = types(wire).Upload(
        title="ünï",
        count=2,
        meta={"k": "v"},
        tags=["a", "b"],
        document=b"\x00\x01",
        picture=b"png bytes",  # contentType "image/png, image/jpeg", no file name: the first
        layout={"columns": 2},
        raw=b"%PDF",
    )  # `visible` keeps its default: no part
    sent = send(lambda client: client.uploads.create(body=body))
    assert re.fullmatch(
        r"multipart/form-data; boundary=[0-9a-f]+", header(sent, "Content-Type") or ""
    )
    text = "text/plain; charset=utf-8"
    assert multipart_parts(sent) == [
        ("title", None, text, "ünï".encode()),  # primitives: text/plain
        ("count", None, text, b"2"),
        ("meta", None, "application/json", b'{"k":"v"}'),  # objects: application/json
        ("tags", None, text, b"a"),  # arrays: one part per item, by the item's type
        ("tags", None, text, b"b"),
        ("document", "upload", "application/octet-stream", b"\x00\x01"),  # binary
        ("picture", "upload", "image/png", b"png bytes"),
        ("layout", None, "application/vnd.layout+json", b'{"columns":2}'),  # `encoding`
        ("raw", "upload", "application/pdf", b"%PDF"),
    ]


def test_multipart_file_types_come_from_the_caller_the_encoding_or_the_default(
    send: Callable[..., Any],
) -> None:
    reply("POST", "/uploads", b"", status=204)
    body = {
        "picture": ("photo.jpg", b"jpeg"),  # "image/png, image/jpeg": the file name's type
        "raw": ("p.png", b"webp", "image/webp"),  # the caller's type wins over the encoding's
        "document": ("d.txt", b"x"),  # no encoding: application/octet-stream, not guessed
        "title": None,  # left out
    }
    sent = send(lambda client: client.uploads.create(body=body))
    assert multipart_parts(sent) == [
        ("picture", "photo.jpg", "image/jpeg", b"jpeg"),
        ("raw", "p.png", "image/webp", b"webp"),
        ("document", "d.txt", "application/octet-stream", b"x"),
    ]


# --- the Commanders Act SDK -------------------------------------------------------------------


@pytest.fixture(scope="module")
def ca(ca_generation: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    from generator.write.writer import write_tree

    out = tmp_path_factory.mktemp("wire_ca") / "out"
    write_tree(ca_generation.files, out)
    sys.path.insert(0, str(out))
    try:
        yield importlib.import_module("commandersact")
    finally:
        sys.path.remove(str(out))
        for name in [
            n for n in sys.modules if n == "commandersact" or n.startswith("commandersact.")
        ]:
            del sys.modules[name]


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_ca_web_container_patch_sends_only_the_attribute_set(
    ca: ModuleType, server: str, kind: str
) -> None:
    """Issue 11: this call sent ten attributes, nine of them defaults that reset the
    container's settings on the server. It sends `label` alone (an extra attribute: kept).
    Written before the attributes became keywords (issue 22): it still runs, and warns."""
    from commandersact.types import TmsWebContainerAttributes

    update = ca.CommandersAct(token="t", base_url=server).tms.web_containers.update
    # the PATCH may take the container's id from its path (`/tms/web-containers/{id}`)
    by_id = "id" in inspect.signature(update).parameters
    arguments: tuple[object, ...] = (7,) if by_id else ()
    path = "/tms/web-containers" + ("/7" if by_id else "")
    reply("PATCH", path, {"data": {"type": "tms/web-containers", "id": 7}})
    body = TmsWebContainerAttributes(label="renamed")
    assert body.noscript is False and body.force_cookie_samesite_setting == "unforced"

    def old_style_call() -> None:
        if kind == "sync":
            with ca.CommandersAct(token="t", base_url=server) as client:
                client.tms.web_containers.update(*arguments, body=body)
        else:

            async def main() -> None:
                async with ca.AsyncCommandersAct(token="t", base_url=server) as client:
                    await client.tms.web_containers.update(*arguments, body=body)

            asyncio.run(main())

    with pytest.warns(DeprecationWarning, match="pass the body's fields as keyword arguments") as w:
        old_style_call()
    assert w[0].filename == __file__  # the user's line: Python shows it there by default
    (sent,) = Recorder.seen
    assert sent["request_line"] == f"PATCH {path} HTTP/1.1"
    assert header(sent, "Content-Type") == "application/vnd.api+json"
    expected = b'{"data": {"type": "tms/web-containers", "attributes": {"label": "renamed"}}}'
    if by_id:  # JSON:API then wants `data.id`, which the SDK fills in from the path
        assert sent["body"] in [expected[:-2] + i + b"}}" for i in (b', "id": 7', b', "id": "7"')]
    else:
        assert sent["body"] == expected
    # through `with_raw_response` (the SDK's wrapper between) the warning still names this file
    raw_update = ca.CommandersAct(token="t", base_url=server).tms.web_containers.with_raw_response
    with pytest.warns(DeprecationWarning, match="pass the body's fields") as through_wrapper:
        raw_update.update(*arguments, body=body)
    assert through_wrapper[0].filename == __file__


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_ca_web_container_update_takes_its_attributes_as_keywords(
    ca: ModuleType, server: str, kind: str
) -> None:
    """`update(7, name=...)` sends the JSON:API document the SDK builds: `type`, the `id` of the
    path, the one attribute passed (its nine defaults stay unsent), and no warning."""
    reply("PATCH", "/tms/web-containers/7", {"data": {"type": "tms/web-containers", "id": 7}})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        if kind == "sync":
            with ca.CommandersAct(token="t", base_url=server) as client:
                client.tms.web_containers.update(7, name="renamed")
        else:

            async def main() -> None:
                async with ca.AsyncCommandersAct(token="t", base_url=server) as client:
                    await client.tms.web_containers.update(7, name="renamed")

            asyncio.run(main())
    (sent,) = Recorder.seen
    assert sent["request_line"] == "PATCH /tms/web-containers/7 HTTP/1.1"
    assert header(sent, "Content-Type") == "application/vnd.api+json"
    assert sent["body"] == (
        b'{"data": {"type": "tms/web-containers", "id": 7, "attributes": {"name": "renamed"}}}'
    )


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_ca_relationships_are_taken_by_id(ca: ModuleType, server: str, kind: str) -> None:
    """A JSON:API create whose relationships the spec requires: the related ids as keywords,
    sent as resource linkage with the related types the spec fixes."""
    reply("POST", "/admin/users", {"data": {"type": "admin/users", "id": 5}})
    arguments: dict[str, Any] = {
        "type": "end_user",
        "language": "french",
        "email": "a@example.com",
        "firstname": "A",
        "lastname": "B",
        "profile_id": 3,
        "workspace_ids": [1, 2],
    }
    if kind == "sync":
        with ca.CommandersAct(token="t", base_url=server) as client:
            client.admin.users.create(**arguments)
    else:

        async def main() -> None:
            async with ca.AsyncCommandersAct(token="t", base_url=server) as client:
                await client.admin.users.create(**arguments)

        asyncio.run(main())
    (sent,) = Recorder.seen
    assert sent["body"] == (
        b'{"data": {"type": "admin/users", "attributes": {"type": "end_user", "language": '
        b'"french", "email": "a@example.com", "firstname": "A", "lastname": "B"}, '
        b'"relationships": {"profile": {"data": {"type": "admin/profiles", "id": 3}}, '
        b'"workspace": {"data": [{"type": "admin/workspaces", "id": 1}, '
        b'{"type": "admin/workspaces", "id": 2}]}}}}'
    )
    with pytest.raises(TypeError, match="relationships.profile"):
        arguments.pop("profile_id")
        ca.CommandersAct(token="t", base_url=server).admin.users.create(**arguments)


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_ca_query_objects_take_a_dict_or_their_model(
    ca: ModuleType, server: str, kind: str
) -> None:
    """A deepObject query parameter takes its model or a plain dict with the keys as sent
    (`AmsReportFilterParamDict`): both send the same query, nothing unset added."""
    from commandersact.types import AmsReportFilterParam, PageParam

    reply("GET", "/ams/reports", {"data": []})
    calls = [
        {"filter": {"public-id": "r1", "archived": 0}, "page": {"size": 2}},
        {"filter": AmsReportFilterParam(public_id="r1", archived=0), "page": PageParam(size=2)},
    ]
    if kind == "sync":
        with ca.CommandersAct(token="t", base_url=server) as client:
            for arguments in calls:
                client.ams.reports.list(**arguments)
    else:

        async def main() -> None:
            async with ca.AsyncCommandersAct(token="t", base_url=server) as client:
                for arguments in calls:
                    await client.ams.reports.list(**arguments)

        asyncio.run(main())
    expected = "GET /ams/reports?page%5Bsize%5D=2&filter%5Bpublic-id%5D=r1&filter%5Barchived%5D=0"
    assert [sent["request_line"] for sent in Recorder.seen] == [f"{expected} HTTP/1.1"] * 2


def run_readme_update_example(
    module: ModuleType, server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Runs the SDK README's partial-update snippet as written (its client pointed at the
    recording server through the environment), and checks that the server received the body
    its `# sends` comment announces."""
    readme = (Path(str(module.__file__)).parent.parent / "README.md").read_text()
    pattern = r"So an update changes only what you pass:\n\n```python\n(.*?)```"
    match = re.search(pattern, readme, re.DOTALL)
    assert match, "the README has no update example"
    code = match.group(1)
    announced = re.search(r"^# sends (.*)$", code, re.MULTILINE)
    assert announced
    client_module = importlib.import_module(f"{module.__name__}._client")
    monkeypatch.setenv(client_module.BASE_URL_ENV, server)
    monkeypatch.setenv(client_module.TOKEN_ENV, "t")
    with pytest.raises(module.NotFoundError):  # the server has no reply for it: fine
        exec(compile(code, "README.md", "exec"), {})  # noqa: S102 - under test
    (sent,) = Recorder.seen
    assert sent["method"] == "PATCH" and sent["body"] == announced.group(1).encode()


def test_the_ca_readme_update_example_sends_what_it_says(
    ca: ModuleType, server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    run_readme_update_example(ca, server, monkeypatch)


def test_the_wire_readme_update_example_sends_what_it_says(
    wire: ModuleType, server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    run_readme_update_example(wire, server, monkeypatch)


# --- the decisions normalize takes for the wire -----------------------------------------------


@pytest.fixture(scope="module")
def wire_api() -> Any:
    from generator.config import ApiConfig
    from generator.normalize import normalize
    from generator.pipeline.stages import prepare_spec

    prepared = prepare_spec(SPEC, ApiConfig())
    api, _ = normalize(prepared.data, config=ApiConfig(), package_name="w", source_name="w")
    return api


def _operation(api: Any, operation_id: str) -> Any:
    return next(op for op in api.all_operations() if op.operation_id == operation_id)


def test_encoding_entries_are_decided_in_normalize(wire_api: Any) -> None:
    from generator.ir import PropertyEncoding

    [form] = _operation(wire_api, "submitForm").request_bodies
    assert form.encoding == (
        PropertyEncoding("exploded", style="form", explode=True),
        PropertyEncoding("flat", style="form", explode=False),
        PropertyEncoding("deep", style="deepObject", explode=True),
        PropertyEncoding("spaces", style="spaceDelimited", explode=False),
        PropertyEncoding("pipes", style="pipeDelimited", explode=False),
        PropertyEncoding("reserved", style="form", explode=True, allow_reserved=True),
        PropertyEncoding("quoted", content_type="application/json"),
    )
    [upload] = _operation(wire_api, "upload").request_bodies
    assert [(e.name, e.content_type, e.style) for e in upload.encoding] == [
        ("picture", "image/png, image/jpeg", ""),
        ("layout", "application/vnd.layout+json", ""),
        ("raw", "application/pdf", ""),
    ]


def test_parameters_carry_allow_reserved_and_content(wire_api: Any) -> None:
    params = {p.wire_name: p for p in _operation(wire_api, "query").parameters}
    assert (params["reserved"].allow_reserved, params["form"].allow_reserved) == (True, False)
    assert params["json"].content_type == "application/json"
    assert params["form"].content_type is None
    [header] = [p for p in _operation(wire_api, "headers").parameters if p.wire_name == "X-Json"]
    assert header.content_type == "application/json"


def test_only_constants_and_required_fields_are_always_sent(wire_api: Any) -> None:
    fields = {
        (model.name, f.wire_name): f.always_sent for model in wire_api.models for f in model.fields
    }
    assert fields[("Profile", "kind")] and fields[("Profile", "version")]
    assert not fields[("Profile", "theme")] and not fields[("Setting", "retries")]
    assert not any(sent for (model, _), sent in fields.items() if model != "Profile")


@pytest.mark.slow
def test_the_wire_sdk_passes_mypy_strict(wire: ModuleType) -> None:
    """The styled parameters and form encodings of the generated methods type-check."""
    root = Path(str(wire.__file__)).parent.parent
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "-p", wire.__name__],
        capture_output=True,
        text=True,
        cwd=root,
        env={**os.environ, "MYPYPATH": str(root)},
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-2000:]


# --- OpenAPI 3.2: QUERY, additionalOperations, `in: querystring` (tests/fixtures/oas32) ---------

OAS32 = Path(__file__).parent / "fixtures" / "oas32" / "spec.yaml"


@pytest.fixture(scope="module")
def catalog(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    yield from generated(tmp_path_factory, OAS32, "sdkgen_oas32_wire")


@pytest.fixture(params=["sync", "async"])
def call32(
    request: pytest.FixtureRequest, catalog: ModuleType, server: str
) -> Callable[..., dict[str, Any]]:
    """Runs `call(client)` on a sync or an async client of the 3.2 fixture's SDK; returns what
    the server recorded."""
    for method in ("GET", "QUERY", "PURGE"):
        reply(method, "*", b"[]", content_type="application/json")
    reply("PURGE", "*", b"", status=204)

    def run(call: Callable[[Any], Any]) -> dict[str, Any]:
        if request.param == "sync":
            with catalog.Catalog(base_url=server, token="t", max_retries=0) as client:
                call(client)
        else:

            async def run_async() -> None:
                async with catalog.AsyncCatalog(base_url=server, token="t", max_retries=0) as c:
                    await call(c)

            asyncio.run(run_async())
        return Recorder.seen[-1]

    return run


def test_a_querystring_parameter_is_the_whole_query(call32: Callable[..., Any]) -> None:
    sent = call32(lambda c: c.items.list(filter={"name": "a b&c", "max_price": 9.5, "limit": 3}))
    assert sent["request_line"] == "GET /items?name=a%20b%26c&max_price=9.5&limit=3 HTTP/1.1"


def test_a_querystring_model_sends_the_fields_the_caller_set(
    call32: Callable[..., Any], catalog: ModuleType
) -> None:
    item_filter = importlib.import_module(catalog.__name__ + ".types").ItemFilter
    sent = call32(lambda c: c.items.list(filter=item_filter(limit=10)))
    assert target(sent) == "/items?limit=10"
    assert target(call32(lambda c: c.items.list())) == "/items"


def test_query_sends_its_body_with_the_query_method(call32: Callable[..., Any]) -> None:
    sent = call32(lambda c: c.items.query(body={"names": ["a", "b"]}))
    assert sent["request_line"] == "QUERY /items HTTP/1.1"
    assert json.loads(sent["body"]) == {"names": ["a", "b"]}
    assert sent["headers"]["Content-Type"] == "application/json"


def test_an_additional_operation_sends_its_method_as_written(call32: Callable[..., Any]) -> None:
    sent = call32(lambda c: c.items.purge("x 1"))
    assert sent["request_line"] == "PURGE /items/x%201 HTTP/1.1"
    assert sent["headers"]["Authorization"] == "Bearer t"


def test_query_is_retried_as_an_idempotent_method() -> None:
    from generator.runtime._retries import IDEMPOTENT_METHODS

    assert "QUERY" in IDEMPOTENT_METHODS and "PURGE" not in IDEMPOTENT_METHODS

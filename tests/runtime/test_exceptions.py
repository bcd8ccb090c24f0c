"""generator/runtime/_exceptions.py: one class per kind of failure, errors parsed."""

from __future__ import annotations

import httpx
import pytest

from generator.runtime import _exceptions as exceptions


def failed(status: int, body: str = "") -> exceptions.APIStatusError:
    request = httpx.Request("GET", "https://api.example/items?token=x")
    return exceptions.make_status_error(
        httpx.Response(status, text=body, request=request), url="https://api.example/items"
    )


@pytest.mark.parametrize(
    ("status", "kind"),
    [
        (400, exceptions.BadRequestError),
        (401, exceptions.AuthenticationError),
        (403, exceptions.PermissionDeniedError),
        (404, exceptions.NotFoundError),
        (409, exceptions.ConflictError),
        (422, exceptions.UnprocessableEntityError),
        (429, exceptions.RateLimitError),
        (500, exceptions.InternalServerError),
        (503, exceptions.InternalServerError),
        (418, exceptions.APIStatusError),
    ],
)
def test_each_status_gets_its_class(status: int, kind: type[exceptions.APIStatusError]) -> None:
    error = failed(status)
    assert type(error) is kind and error.status_code == status
    assert isinstance(error, exceptions.SDKError)
    assert str(error) == f"HTTP {status} from GET https://api.example/items"


def test_the_errors_array_is_parsed_and_shown() -> None:
    body = '{"errors": [{"code": "E1", "detail": "bad name", "meta": {"f": 1}}, "plain"]}'
    error = failed(422, body)
    assert error.body == body
    assert error.errors[0] == exceptions.ErrorObject(
        code="E1",
        detail="bad name",
        meta={"f": 1},
        raw={"code": "E1", "detail": "bad name", "meta": {"f": 1}},
    )
    assert error.errors[1].detail == "plain"
    assert str(error).endswith(": E1 bad name; plain")
    assert failed(500, "not json").errors == ()

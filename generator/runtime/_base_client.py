"""Transport: the clients that turn a call described by a resource method (method, path
template, parameters with their OpenAPI style, body, security) into HTTP, with auth, retries,
rate limits, logging, error mapping and parsing.

Resource modules import what they name from here: the parameter classes, pages, bulk results
and response wrappers are defined in the modules of their concern and re-exported.
"""

from __future__ import annotations

import asyncio
import copy
import logging
import os
import time
from collections.abc import AsyncIterable, AsyncIterator, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Generic, NamedTuple, TypedDict, TypeVar, cast, overload
from urllib.parse import quote, quote_plus, unquote_plus

import httpx
import pydantic

from ._auth import (
    REDACTED,
    SENSITIVE_HEADERS,
    AuthScheme,
    Secret,
    TokenCache,
    basic_authorization,
    resolve_option,
)
from ._bodies import PropertyEncoding, async_chunks, encode_body, is_stream, jsonapi_envelope
from ._bulk import BulkResult, LineCounter, bulk_result
from ._exceptions import (
    APIConnectionError,
    APIResponseValidationError,
    APITimeoutError,
    SDKError,
    make_status_error,
)
from ._models import holds_text, parse_json, parse_value
from ._pagination import AsyncPage, NextRequest, PageSpec, SyncPage
from ._params import (
    CookieParam,
    HeaderParam,
    PathParam,
    QueryParam,
    cookie_pairs,
    expand_path,
    header_value,
    is_json,
    pct,
    serialize_query,
)
from ._rate_limit import AsyncLimiter, RateLimit, SyncLimiter
from ._response import (
    RAW_RESPONSE_HEADER,
    STREAM_RESPONSE_HEADER,
    APIResponse,
    AsyncStreamedAPIResponse,
    AsyncStreamedResponseContext,
    StreamedAPIResponse,
    async_to_raw_response_wrapper,
    async_to_streamed_response_wrapper,
    to_raw_response_wrapper,
    to_streamed_response_wrapper,
    with_old_members,
)
from ._retries import (
    DEFAULT_MAX_RETRIES,
    DEFAULT_RETRY_DEADLINE,
    MAX_RETRY_AFTER,
    Attempts,
    retry_after,
    retry_delay,
    retryable,
)
from ._streaming import (
    AsyncStream,
    ServerSentEvent,
    Stream,
    StreamSpec,
    body_with_selector,
    open_async_stream,
    open_stream,
)
from ._types import NOT_GIVEN, NotGiven, ResponseType, SequenceNotStr, Timeout

if TYPE_CHECKING:
    from typing_extensions import Self, Unpack

__all__ = [
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_RETRY_DEADLINE",
    "DEFAULT_TIMEOUT",
    "NOT_GIVEN",
    "APIResponse",
    "AsyncAPIClient",
    "AsyncAPIResource",
    "AsyncPage",
    "AsyncStream",
    "AsyncStreamedAPIResponse",
    "AsyncStreamedResponseContext",
    "AuthScheme",
    "BulkResult",
    "CookieParam",
    "HeaderParam",
    "NotGiven",
    "PageSpec",
    "PathParam",
    "PropertyEncoding",
    "QueryParam",
    "RateLimit",
    "ResponseType",
    "Secret",
    "SequenceNotStr",
    "ServerSentEvent",
    "Stream",
    "StreamSpec",
    "StreamedAPIResponse",
    "SyncAPIClient",
    "SyncAPIResource",
    "SyncPage",
    "Timeout",
    "async_to_raw_response_wrapper",
    "async_to_streamed_response_wrapper",
    "body_with_selector",
    "expand_path",
    "resolve_option",
    "to_raw_response_wrapper",
    "to_streamed_response_wrapper",
    "with_old_members",
]

DEFAULT_TIMEOUT = httpx.Timeout(60.0, connect=10.0)
# As many idle connections kept as open ones: with fewer, httpcore 1.0.9's pool can close a
# surplus keep-alive connection it has just handed to a waiting thread (encode/httpcore#1110),
# and a request sent from a thread pool fails with `ReadError: Bad file descriptor`.
DEFAULT_CONNECTION_LIMITS = httpx.Limits(max_connections=100, max_keepalive_connections=100)
_T = TypeVar("_T")
log = logging.getLogger(__name__.rpartition(".")[0] or __name__)

_HttpClientT = TypeVar("_HttpClientT", httpx.Client, httpx.AsyncClient)


class RequestOptions(TypedDict, total=False):
    """What a generated method passes to `request` beside the method, the path and `cast_to`:
    the keyword arguments of every `request` overload, sync and async, written once. A key left
    out means: nothing of that kind (no parameters, no body, the client's timeout...)."""

    path_params: Mapping[str, object] | None
    query: Sequence[QueryParam]
    headers: Mapping[str, object] | None
    cookies: Mapping[str, object] | None
    body: object
    media_type: str | None
    encoding: Sequence[PropertyEncoding]
    jsonapi_body: bool | str  # the JSON:API type the SDK wraps the body in, if any
    jsonapi_id: object
    stream: Iterator[bytes] | AsyncIterator[bytes] | None  # ndjson lines (bulk)
    response_media_type: str | None
    security: Sequence[tuple[str, ...]] | None  # the operation's requirements (None: the API's)
    server_url: str | None  # the operation's own server, if the spec gives it one
    url: str | None  # the whole URL to call, as a response gave it (a next page's link)
    extra_headers: Mapping[str, str] | None
    extra_query: Mapping[str, object] | None
    timeout: Timeout | NotGiven
    bulk: LineCounter | None


class _Call(NamedTuple):
    """What the response handling of one call needs to know (built on every call: a tuple)."""

    method: str
    cast_to: Any
    raw: bool  # return the `APIResponse` (`with_raw_response`)
    stream_response: bool  # return the response unread (`with_streaming_response`)
    streamed: bool  # the body is an iterator or a file: it cannot be sent twice
    access_tokens: tuple[str, ...]  # token URLs of the OAuth2 tokens the request carries


def _request_body(
    body: object,
    stream: Any,
    media_type: str | None,
    encoding: Sequence[PropertyEncoding],
    jsonapi_body: bool | str,
    jsonapi_id: object,
) -> tuple[Any, list[tuple[str, Any]] | None, str | None]:
    """(content, multipart parts, Content-Type) of a call's body: a bulk call's stream of
    ndjson lines, else the body encoded in its media type (JSON:API documents wrapped), else
    nothing. Multipart has no Content-Type here: httpx writes it with its boundary."""
    if stream is not None:
        return stream, None, media_type or "application/x-ndjson"
    if body is None or isinstance(body, NotGiven):
        return None, None, None
    if jsonapi_body:
        jsonapi_type = jsonapi_body if isinstance(jsonapi_body, str) else None
        body = jsonapi_envelope(body, jsonapi_type, jsonapi_id)
    content, files = encode_body(body, media_type, encoding)
    return content, files, None if files is not None else media_type or "application/json"


class _BaseClient(Generic[_HttpClientT]):
    """What the sync and async clients share: building requests, auth, retry policy, parsing,
    and the steps of a call's attempts that do no I/O (the clients' `request` loops only send,
    read, close and sleep)."""

    def __init__(
        self,
        *,
        base_url: str,
        token: str | None,
        tokens: Mapping[str, str] | None = None,
        auth_schemes: Mapping[str, AuthScheme],
        default_security: Sequence[tuple[str, ...]],
        timeout: Timeout,
        max_retries: int,
        retry_deadline: float | None = DEFAULT_RETRY_DEADLINE,
        retry_non_idempotent: bool = False,
        rate_limit: RateLimit | None = None,
        default_headers: Mapping[str, str] | None,
        strict: bool,
        http_client: _HttpClientT | None,
        user_agent: str,
        credentials: Mapping[str, str | None] | None = None,
        custom_base_url: bool = False,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = Secret(token) if token is not None else None
        self.tokens = {key: Secret(value) for key, value in (tokens or {}).items()}
        for key, scheme in auth_schemes.items():
            from_env = os.environ.get(scheme.env) if scheme.env else None
            if key not in self.tokens and from_env:
                self.tokens[key] = Secret(from_env)
        # username, password, client_id, client_secret: what basic and OAuth2 schemes are made of
        self._credentials = {
            name: Secret(value) for name, value in (credentials or {}).items() if value is not None
        }
        self.timeout = timeout
        self.max_retries = max_retries
        self.retry_deadline = retry_deadline
        self.retry_non_idempotent = retry_non_idempotent
        self.rate_limit = rate_limit
        self.strict = strict
        self._auth_schemes = dict(auth_schemes)
        self._default_security = tuple(tuple(requirement) for requirement in default_security)
        # The SDK's product token (`name/version`, from its generated `_version.py`), then httpx's.
        self._user_agent = f"{user_agent} python-httpx/{httpx.__version__}"
        self._default_headers = {"User-Agent": self._user_agent, **(default_headers or {})}
        self._custom_base_url = custom_base_url
        self._access_tokens = TokenCache()
        self._owns_http_client = http_client is None
        self._http: _HttpClientT = (
            http_client if http_client is not None else self._new_http_client(timeout)
        )
        self._limiter: Any = self._make_limiter(rate_limit)
        if self.base_url.startswith("http://") and (self.token or self.tokens or self._credentials):
            host = httpx.URL(self.base_url).host
            if host not in ("localhost", "127.0.0.1", "::1"):
                log.warning("Sending credentials over plain http to %s", host)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} base_url={self.base_url!r}>"

    def _copy_with(self, options: Mapping[str, object]) -> Any:
        """A copy sharing the connection pool and rate limiter, with some options changed."""
        clone = copy.copy(self)
        for name in list(clone.__dict__):  # resources cached on the original point at it
            if isinstance(clone.__dict__[name], (SyncAPIResource, AsyncAPIResource)):
                del clone.__dict__[name]
        for name, value in options.items():
            if name == "token":
                value = Secret(cast(str, value)) if value is not None else None
            elif name == "tokens":
                value = {k: Secret(v) for k, v in cast("Mapping[str, str]", value).items()}
            elif name == "base_url":
                value = cast(str, value).rstrip("/")
                clone._custom_base_url = True
            elif name in ("username", "password", "client_id", "client_secret"):
                clone._credentials = {**clone._credentials, name: Secret(cast(str, value))}
                clone._access_tokens = TokenCache()  # tokens of other client credentials
                continue
            elif name == "default_headers":
                clone._default_headers = {
                    **self._default_headers,
                    **cast("Mapping[str, str]", value),
                }
                continue
            elif not hasattr(self, name):
                raise TypeError(f"with_options() got an unexpected option {name!r}")
            setattr(clone, name, value)
        clone._owns_http_client = False
        if "rate_limit" in options:
            clone._limiter = clone._make_limiter(clone.rate_limit)
        return clone

    def _secrets(self) -> list[str]:
        secrets = (self.token, *self.tokens.values(), *self._credentials.values())
        values = [s.get_secret_value() for s in secrets if s] + self._access_tokens.secrets()
        return [v for v in values if v]

    def _redact(self, text: str) -> str:
        for secret in self._secrets():
            text = text.replace(secret, REDACTED).replace(quote(secret, safe=""), REDACTED)
        return text

    def _redact_url(self, url: httpx.URL | str) -> str:
        """The URL with the values of API-key query parameters (and any credential) masked."""
        text = str(url)
        names = {s.name for s in self._auth_schemes.values() if s.location == "query"}
        address, question, query = text.partition("?")
        if question and names:
            pairs = query.split("&")
            query = "&".join(
                (
                    f"{pair.partition('=')[0]}={REDACTED}"
                    if unquote_plus(pair.partition("=")[0]) in names
                    else pair
                )
                for pair in pairs
            )
            text = address + question + query
        return self._redact(text)

    def _redacted_headers(self, headers: httpx.Headers) -> dict[str, str]:
        hidden = SENSITIVE_HEADERS | {
            scheme.name.lower()
            for scheme in self._auth_schemes.values()
            if scheme.location == "header"
        }
        return {
            name: REDACTED if name.lower() in hidden else self._redact(value)
            for name, value in headers.items()
        }

    def _public_request(self, request: httpx.Request) -> httpx.Request:
        """A copy of the request without its credentials (URL and headers redacted, no body):
        what exceptions carry, so that neither their message nor their repr shows a secret."""
        return httpx.Request(
            request.method,
            self._redact_url(request.url),
            headers=self._redacted_headers(request.headers),
        )

    def _hide_credentials(self, response: httpx.Response) -> httpx.Response:
        """The response, its `request` replaced by the redacted copy (before it leaves in an
        exception)."""
        response.request = self._public_request(response.request)
        return response

    def _call_base_url(self, server_url: str | None) -> str:
        """Where a call goes: the operation's (or its path's) own server when the spec gives one,
        unless the user chose the base URL (argument, environment or `with_options`). Then every
        call goes there: a chosen base URL is typically a proxy, a mock or a staging copy of the
        whole API, which serves the operations with their own servers too."""
        if server_url is None or self._custom_base_url:
            return self.base_url
        return str(httpx.URL(self.base_url + "/").join(server_url)).rstrip("/")

    def _build_request(
        self,
        method: str,
        path: str,
        cast_to: Any,
        options: RequestOptions,
        requirement: tuple[str, ...],
        access_tokens: Mapping[str, str],
    ) -> tuple[httpx.Request, _Call]:
        """The request to send, and what handling its response needs (see `_Call`)."""
        base_url = self._call_base_url(options.get("server_url"))
        followed = options.get("url")
        url = followed or (
            base_url + "/" + expand_path(path, options.get("path_params") or {}).lstrip("/")
        )
        params = serialize_query(options.get("query", ()))
        if extra_query := options.get("extra_query"):
            params.extend(serialize_query([QueryParam(k, v) for k, v in extra_query.items()]))
        all_headers: dict[str, str] = {
            "Accept": options.get("response_media_type") or "application/json",
            **self._default_headers,
        }
        if headers := options.get("headers"):
            for name, value in headers.items():
                text = header_value(value)
                if text is not None:
                    all_headers[name] = text
        pairs = (
            [pair for name, value in cookies.items() for pair in cookie_pairs(name, value)]
            if (cookies := options.get("cookies"))
            else []
        )
        auth_cookies: dict[str, str] = {}
        # Credentials stay with the API's own origin, as httpx keeps them on a redirect: a next
        # page's URL on another host is called without them.
        if requirement and (not followed or _same_origin(followed, base_url)):
            self._apply_auth(requirement, access_tokens, all_headers, params, auth_cookies)
        raw = stream_response = False
        if extra_headers := options.get("extra_headers"):
            for name, value in extra_headers.items():
                if name == RAW_RESPONSE_HEADER:
                    raw = True
                elif name == STREAM_RESPONSE_HEADER:
                    stream_response = True
                else:
                    all_headers[name] = value
        content, files, content_type = _request_body(
            options.get("body", NOT_GIVEN),
            options.get("stream"),
            options.get("media_type"),
            options.get("encoding", ()),
            options.get("jsonapi_body", False),
            options.get("jsonapi_id"),
        )
        if content_type is not None:
            all_headers.setdefault("Content-Type", content_type)
        if auth_cookies:  # a parameter's cookie wins over a security scheme's of the same name
            given = {pair.split("=", 1)[0] for pair in pairs}
            pairs += [f"{k}={v}" for k, v in auth_cookies.items() if k not in given]
        if pairs:
            all_headers["Cookie"] = "; ".join(pairs)
        if params:  # already percent-encoded: httpx keeps the query as given
            url += ("&" if "?" in url else "?") + "&".join(params)
        timeout = options.get("timeout", NOT_GIVEN)
        request = self._http.build_request(
            method,
            url,
            headers=all_headers,
            content=content,
            files=files,
            timeout=self.timeout if isinstance(timeout, NotGiven) else timeout,
        )
        call = _Call(
            method.upper(),
            cast_to,
            raw,
            stream_response,
            # an iterator, a file or multipart parts (which may hold files) cannot be sent twice
            streamed=files is not None or (content is not None and not isinstance(content, bytes)),
            access_tokens=(
                tuple(self._token_url(key) for key in access_tokens) if access_tokens else ()
            ),
        )
        return request, call

    def _oauth_client_credentials(self, key: str) -> bool:
        """Whether the scheme `key` is served by fetching a token with the client credentials
        (its own token in `tokens` comes first)."""
        scheme = self._auth_schemes.get(key)
        return (
            scheme is not None
            and scheme.kind == "oauth2"
            and bool(scheme.token_url)
            and key not in self.tokens
            and "client_id" in self._credentials
            and "client_secret" in self._credentials
        )

    def _has_basic_credentials(self) -> bool:
        return "username" in self._credentials and "password" in self._credentials

    def _has_credentials(self, key: str) -> bool:
        scheme = self._auth_schemes.get(key)
        if scheme is None:
            return False
        if key in self.tokens or self.token is not None:
            return True
        if scheme.kind == "basic":
            return self._has_basic_credentials()
        return self._oauth_client_credentials(key)

    def _select_requirement(self, security: Sequence[tuple[str, ...]] | None) -> tuple[str, ...]:
        """The security requirement a call satisfies (the schemes whose credentials it sends).

        `security` lists alternatives (any one suffices), each the schemes needed together: the
        first alternative whose schemes all have credentials is used. Otherwise nothing is sent:
        fine when the operation allows anonymous access (`{}`, or no security at all), else the
        server answers 401 (`AuthenticationError`).
        """
        for requirement in self._default_security if security is None else security:
            if requirement and all(self._has_credentials(key) for key in requirement):
                return tuple(requirement)
        return ()

    def _token_request(self, key: str) -> httpx.Request:
        """The OAuth2 client-credentials grant for scheme `key` (RFC 6749 4.4), the client
        authenticating with HTTP basic as section 2.3.1 recommends."""
        client_id = self._credentials["client_id"].get_secret_value()
        client_secret = self._credentials["client_secret"].get_secret_value()
        return self._http.build_request(
            "POST",
            self._token_url(key),
            data={"grant_type": "client_credentials"},
            headers={
                "Authorization": basic_authorization(
                    quote_plus(client_id), quote_plus(client_secret)
                ),
                "Accept": "application/json",
                "User-Agent": self._user_agent,
            },
            timeout=self.timeout,
        )

    def _token_url(self, key: str) -> str:
        return str(httpx.URL(self.base_url + "/").join(self._auth_schemes[key].token_url))

    def _accept_token(self, key: str, response: httpx.Response) -> str:
        """The access token of a token endpoint's response, cached until it expires."""
        if response.is_error:
            raise self._status_error(response)
        try:
            document = response.json()
        except ValueError:
            document = None
        token = document.get("access_token") if isinstance(document, dict) else None
        if not isinstance(token, str) or not token:
            raise SDKError(f"The token endpoint of `{key}` answered without an access_token")
        expires_in = document.get("expires_in") if isinstance(document, dict) else None
        lifetime = float(expires_in) if isinstance(expires_in, (int, float)) else None
        self._access_tokens.put(self._token_url(key), token, lifetime)
        return token

    def _forget_access_tokens(self, call: _Call, response: httpx.Response) -> None:
        """A 401 to a request carrying fetched tokens: the next call fetches new ones."""
        if response.status_code == 401:
            for url in call.access_tokens:
                self._access_tokens.forget(url)

    def _apply_auth(
        self,
        requirement: tuple[str, ...],
        access_tokens: Mapping[str, str],
        headers: dict[str, str],
        params: list[str],
        cookies: dict[str, str],
    ) -> None:
        """The credentials of every scheme of the requirement. A scheme's own token
        (`tokens[scheme]` or its environment variable) comes first, then what the scheme is made
        of (basic: username and password; OAuth2: the fetched access token), then `token`."""
        for key in requirement:
            scheme = self._auth_schemes[key]
            own = self.tokens.get(key)
            if own is not None:
                value = scheme.prefix + own.get_secret_value()
            elif scheme.kind == "basic" and self._has_basic_credentials():
                value = basic_authorization(
                    self._credentials["username"].get_secret_value(),
                    self._credentials["password"].get_secret_value(),
                )
            elif key in access_tokens:
                value = scheme.prefix + access_tokens[key]
            elif self.token is not None:
                value = scheme.prefix + self.token.get_secret_value()
            else:
                continue
            if scheme.location == "header":
                headers.setdefault(scheme.name, value)
            elif scheme.location == "query":
                params.append(f"{pct(scheme.name)}={pct(value)}")
            elif scheme.location == "cookie":
                cookies.setdefault(scheme.name, value)

    def _retry_delay(self, attempt: int, headers: httpx.Headers | None) -> float:
        return retry_delay(attempt, headers)

    def _retry_wait(
        self,
        call: _Call,
        attempts: Attempts,
        response: httpx.Response | None,
        error: Exception | None,
    ) -> float | None:
        """Seconds to wait before retrying, or None when the call must not be retried: what
        `retryable` allows, at most `max_retries` times, never when the server asks to wait
        longer than MAX_RETRY_AFTER, and never past `retry_deadline` seconds after the first
        attempt."""
        if attempts.count >= self.max_retries:
            return None
        if not retryable(
            call.method,
            response,
            error,
            streamed=call.streamed,
            retry_non_idempotent=self.retry_non_idempotent,
        ):
            return None
        headers = response.headers if response is not None else None
        asked = retry_after(headers)
        if asked is not None and asked > MAX_RETRY_AFTER:
            return None
        delay = self._retry_delay(attempts.count, headers)
        deadline = self.retry_deadline
        if deadline is not None and time.monotonic() - attempts.started + delay > deadline:
            return None
        return delay

    def _log_request(self, request: httpx.Request, attempt: int) -> None:
        if log.isEnabledFor(logging.DEBUG):
            log.debug(
                "Request %s %s (attempt %d) headers=%s",
                request.method,
                self._redact_url(request.url),
                attempt + 1,
                self._redacted_headers(request.headers),
            )

    def _log_response(
        self, request: httpx.Request, response: httpx.Response, started: float
    ) -> None:
        if log.isEnabledFor(logging.DEBUG):
            log.debug(
                "Response %s %s -> %d in %.3fs",
                request.method,
                self._redact_url(request.url),
                response.status_code,
                time.monotonic() - started,
            )

    def _log_retry(self, request: httpx.Request, delay: float, attempt: int, why: str) -> None:
        log.debug(
            "Retrying %s %s in %.2fs (retry %d of at most %d): %s",
            request.method,
            self._redact_url(request.url),
            delay,
            attempt + 1,
            self.max_retries,
            why,
        )

    def _status_error(self, response: httpx.Response) -> Exception:
        self._hide_credentials(response)
        return make_status_error(response, url=str(response.request.url))

    def _transport_error(self, request: httpx.Request, exc: Exception) -> Exception:
        public = self._public_request(request)
        if isinstance(exc, httpx.TimeoutException):
            return APITimeoutError(public)
        return APIConnectionError(public, f"Connection error: {type(exc).__name__}")

    def _parse(self, response: httpx.Response, call: _Call) -> Any:
        cast_to = call.cast_to
        if cast_to is None:
            return None
        if cast_to is bytes:
            return response.content
        if response.status_code == 204 or not response.content:
            return None
        content_type = response.headers.get("content-type", "")
        if cast_to is str and not is_json(content_type):
            return response.text
        if cast_to is not Any:
            try:
                # The fast path (about twice as fast as json.loads + validate).
                return parse_json(cast_to, response.content)
            except pydantic.ValidationError:
                pass  # not JSON, or not the documented shape: the slow paths below decide
        try:
            data = response.json()
        except ValueError:
            if self.strict or not holds_text(cast_to):  # text is no model, even leniently
                raise APIResponseValidationError(
                    self._hide_credentials(response), response.text, "The response body is not JSON"
                ) from None
            return response.text
        try:
            return parse_value(cast_to, data, strict=self.strict)
        except pydantic.ValidationError as exc:
            raise APIResponseValidationError(
                self._hide_credentials(response), data, str(exc)
            ) from exc

    def _result(self, response: httpx.Response, call: _Call) -> Any:
        if call.stream_response:
            return self._streamed(response)
        if call.raw:
            return APIResponse(response, lambda: self._parse(response, call))
        return self._parse(response, call)

    # The steps of a call's attempts that do no I/O; the `request` loops of the sync and async
    # clients are these steps and their own sending, reading, closing and sleeping.

    def _retry_after_error(
        self, request: httpx.Request, call: _Call, attempts: Attempts, exc: Exception
    ) -> float:
        """Seconds to wait before the next attempt of a request that could not be sent (or got
        no response); the SDK's error when the call must not be retried."""
        delay = self._retry_wait(call, attempts, None, exc)
        if delay is None:
            raise self._transport_error(request, exc) from None
        self._log_retry(request, delay, attempts.count, type(exc).__name__)
        attempts.count += 1
        return delay

    def _retry_after_response(
        self, request: httpx.Request, response: httpx.Response, call: _Call, attempts: Attempts
    ) -> float | None:
        """Seconds to wait before the next attempt after an error response the policy retries;
        None when the response is final. (A bulk call is never retried: its body is a stream.)"""
        if not response.is_error:
            return None
        delay = self._retry_wait(call, attempts, response, None)
        if delay is not None:
            self._log_retry(request, delay, attempts.count, f"HTTP {response.status_code}")
            attempts.count += 1
        return delay

    def _final_result(self, response: httpx.Response, call: _Call, bulk: LineCounter | None) -> Any:
        """What the call returns for its final response (a streamed error response already
        read, so that the exception carries the body): a bulk call's `BulkResult`, else the
        status error of an error response, else the parsed value."""
        if bulk is not None:
            result = bulk_result(response, bulk.count)
            if result is not None:
                return result
        if response.is_error:
            self._forget_access_tokens(call, response)
            raise self._status_error(response)
        return self._result(response, call)

    def with_options(self, **options: Any) -> Self:
        """A copy of the client with some options changed (`max_retries`, `retry_deadline`,
        `retry_non_idempotent`, `timeout`, `rate_limit`, `token`, `tokens`, `username`,
        `password`, `client_id`, `client_secret`, `base_url`, `default_headers`, `strict`); it
        shares the connection pool and the rate limiter."""
        return cast("Self", self._copy_with(options))

    def _new_http_client(self, timeout: Timeout) -> _HttpClientT:
        raise NotImplementedError

    @staticmethod
    def _make_limiter(limit: RateLimit | None) -> Any:
        raise NotImplementedError

    @staticmethod
    def _streamed(response: httpx.Response) -> Any:
        raise NotImplementedError


def _same_origin(url: str, other: str) -> bool:
    """Whether two absolute URLs share scheme, host and port (httpx drops a scheme's default
    port, so `:443` and none compare equal)."""
    first, second = httpx.URL(url), httpx.URL(other)
    return (first.scheme, first.host, first.port) == (second.scheme, second.host, second.port)


class SyncAPIClient(_BaseClient[httpx.Client]):
    """The synchronous transport, over an `httpx.Client`."""

    def _new_http_client(self, timeout: Timeout) -> httpx.Client:
        return httpx.Client(timeout=timeout, limits=DEFAULT_CONNECTION_LIMITS)

    @staticmethod
    def _make_limiter(limit: RateLimit | None) -> SyncLimiter | None:
        return SyncLimiter(limit) if limit is not None and limit.limits else None

    def close(self) -> None:
        """Close the connection pool (unless the `http_client` was passed in)."""
        if self._owns_http_client:
            self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _sleep(self, seconds: float) -> None:
        time.sleep(seconds)

    def _send(self, request: httpx.Request, stream: bool = False) -> httpx.Response:
        if self._limiter is None:
            return self._http.send(request, stream=stream)
        slot = self._limiter.acquire()
        try:
            return self._http.send(request, stream=stream)
        finally:
            self._limiter.release(slot)

    @staticmethod
    def _streamed(response: httpx.Response) -> StreamedAPIResponse:
        return StreamedAPIResponse(response)

    def _access_token(self, key: str) -> str:
        """The cached OAuth2 access token of scheme `key`, fetched when missing or expiring."""
        url = self._token_url(key)
        cached = self._access_tokens.get(url)
        if cached is not None:
            return cached
        with self._access_tokens.fetching:
            cached = self._access_tokens.get(url)  # fetched by another thread meanwhile
            if cached is not None:
                return cached
            return self._accept_token(key, self._http.send(self._token_request(key)))

    @overload
    def request(
        self,
        method: str,
        path: str,
        *,
        cast_to: type[ResponseType[_T]],
        **options: Unpack[RequestOptions],
    ) -> _T: ...

    @overload
    def request(
        self, method: str, path: str, *, cast_to: type[_T], **options: Unpack[RequestOptions]
    ) -> _T: ...

    @overload
    def request(
        self, method: str, path: str, *, cast_to: None = None, **options: Unpack[RequestOptions]
    ) -> None: ...

    def request(
        self, method: str, path: str, *, cast_to: Any = None, **options: Unpack[RequestOptions]
    ) -> Any:
        """Send a request (retrying as the policy allows) and parse the response into `cast_to`.

        `security` lists the operation's security requirements (None: the API's); `server_url`
        is the operation's own server, if the spec gives it one.
        """
        requirement = self._select_requirement(options.get("security"))
        access_tokens = {
            key: self._access_token(key)
            for key in requirement
            if self._oauth_client_credentials(key)
        }
        request, call = self._build_request(
            method, path, cast_to, options, requirement, access_tokens
        )
        attempts = Attempts()
        while True:
            self._log_request(request, attempts.count)
            sent_at = time.monotonic()
            try:
                response = self._send(request, call.stream_response)
            except (httpx.TransportError, httpx.StreamConsumed) as exc:
                self._sleep(self._retry_after_error(request, call, attempts, exc))
                continue
            self._log_response(request, response, sent_at)
            delay = self._retry_after_response(request, response, call, attempts)
            if delay is not None:
                response.close()
                self._sleep(delay)
                continue
            if call.stream_response and response.is_error:
                response.read()
            return self._final_result(response, call, options.get("bulk"))

    def request_page(
        self,
        method: str,
        path: str,
        *,
        page_type: type[SyncPage[_T]],
        pagination: PageSpec,
        query: Sequence[QueryParam] = (),
        **options: Any,
    ) -> SyncPage[_T]:
        """`request` for a paginated list: a `page_type` (`SyncPage[Item]`; the raw response,
        if asked). A next page is the same call with its paging parameter changed, or the URL
        the response gives, called as given (with the same headers and credentials)."""
        if _asks_response(options):
            return cast(SyncPage[_T], self.request(method, path, query=query, **options))

        def fetch(following: NextRequest, size: int | None) -> SyncPage[_T]:
            sent = following.query if following.url is None else query
            response: APIResponse[Any] = self.request(
                method, path, **_page_options(options, following)
            )
            document = response.parse()
            http = response.http_response
            return page_type(document, pagination, sent, fetch=fetch, size=size, response=http)

        return fetch(NextRequest(query), None)

    def request_stream(
        self, method: str, path: str, *, item_type: Any, stream_spec: StreamSpec, **options: Any
    ) -> Stream[Any]:
        """`request` for a streamed response: a `Stream` of `item_type` items (the raw or
        unread response, if asked)."""
        return cast(
            Stream[Any],
            open_stream(self.request, method, path, item_type, stream_spec, self.strict, options),
        )

    def request_bulk(
        self, method: str, path: str, *, items: Iterable[object], **options: Any
    ) -> BulkResult:
        """`request` streaming `items` as ndjson lines (lazily), returning a `BulkResult`."""
        counter = LineCounter()
        result: BulkResult = self.request(
            method, path, stream=counter.lines(items), bulk=counter, **options
        )
        return result


class AsyncAPIClient(_BaseClient[httpx.AsyncClient]):
    """The asynchronous transport, over an `httpx.AsyncClient`."""

    def _new_http_client(self, timeout: Timeout) -> httpx.AsyncClient:
        return httpx.AsyncClient(timeout=timeout, limits=DEFAULT_CONNECTION_LIMITS)

    @staticmethod
    def _make_limiter(limit: RateLimit | None) -> AsyncLimiter | None:
        return AsyncLimiter(limit) if limit is not None and limit.limits else None

    async def close(self) -> None:
        """Close the connection pool (unless the `http_client` was passed in)."""
        if self._owns_http_client:
            await self._http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    async def _sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)

    async def _send(self, request: httpx.Request, stream: bool = False) -> httpx.Response:
        if self._limiter is None:
            return await self._http.send(request, stream=stream)
        slot = await self._limiter.acquire()
        try:
            return await self._http.send(request, stream=stream)
        finally:
            self._limiter.release(slot)

    @staticmethod
    def _streamed(response: httpx.Response) -> AsyncStreamedAPIResponse:
        return AsyncStreamedAPIResponse(response)

    async def _access_token(self, key: str) -> str:
        """The cached OAuth2 access token of scheme `key`, fetched when missing or expiring."""
        url = self._token_url(key)
        cached = self._access_tokens.get(url)
        if cached is not None:
            return cached
        async with self._access_tokens.fetching_async:
            cached = self._access_tokens.get(url)  # fetched by another task meanwhile
            if cached is not None:
                return cached
            response = await self._http.send(self._token_request(key))
            await response.aread()
            return self._accept_token(key, response)

    @overload
    async def request(
        self,
        method: str,
        path: str,
        *,
        cast_to: type[ResponseType[_T]],
        **options: Unpack[RequestOptions],
    ) -> _T: ...

    @overload
    async def request(
        self, method: str, path: str, *, cast_to: type[_T], **options: Unpack[RequestOptions]
    ) -> _T: ...

    @overload
    async def request(
        self, method: str, path: str, *, cast_to: None = None, **options: Unpack[RequestOptions]
    ) -> None: ...

    async def request(
        self, method: str, path: str, *, cast_to: Any = None, **options: Unpack[RequestOptions]
    ) -> Any:
        """`SyncAPIClient.request`, awaited: a body that is a sync stream (an iterator or a file)
        is sent in chunks from the event loop."""
        requirement = self._select_requirement(options.get("security"))
        access_tokens = {
            key: await self._access_token(key)
            for key in requirement
            if self._oauth_client_credentials(key)
        }
        body = options.get("body")
        if is_stream(body) and not isinstance(body, AsyncIterable):
            options["body"] = async_chunks(body)  # httpx.AsyncClient streams async iterators only
        request, call = self._build_request(
            method, path, cast_to, options, requirement, access_tokens
        )
        attempts = Attempts()
        while True:
            self._log_request(request, attempts.count)
            sent_at = time.monotonic()
            try:
                response = await self._send(request, call.stream_response)
            except (httpx.TransportError, httpx.StreamConsumed) as exc:
                await self._sleep(self._retry_after_error(request, call, attempts, exc))
                continue
            self._log_response(request, response, sent_at)
            delay = self._retry_after_response(request, response, call, attempts)
            if delay is not None:
                await response.aclose()
                await self._sleep(delay)
                continue
            if call.stream_response and response.is_error:
                await response.aread()
            return self._final_result(response, call, options.get("bulk"))

    async def request_page(
        self,
        method: str,
        path: str,
        *,
        page_type: type[AsyncPage[_T]],
        pagination: PageSpec,
        query: Sequence[QueryParam] = (),
        **options: Any,
    ) -> AsyncPage[_T]:
        """`SyncAPIClient.request_page`, awaited."""
        if _asks_response(options):
            return cast(AsyncPage[_T], await self.request(method, path, query=query, **options))

        async def fetch(following: NextRequest, size: int | None) -> AsyncPage[_T]:
            sent = following.query if following.url is None else query
            response: APIResponse[Any] = await self.request(
                method, path, **_page_options(options, following)
            )
            document = response.parse()
            http = response.http_response
            return page_type(document, pagination, sent, fetch=fetch, size=size, response=http)

        return await fetch(NextRequest(query), None)

    async def request_stream(
        self, method: str, path: str, *, item_type: Any, stream_spec: StreamSpec, **options: Any
    ) -> AsyncStream[Any]:
        """`request` for a streamed response: an `AsyncStream` of `item_type` items."""
        return cast(
            AsyncStream[Any],
            await open_async_stream(
                self.request, method, path, item_type, stream_spec, self.strict, options
            ),
        )

    async def request_bulk(
        self,
        method: str,
        path: str,
        *,
        items: Iterable[object] | AsyncIterable[object],
        **options: Any,
    ) -> BulkResult:
        """`request` streaming `items` as ndjson lines (lazily), returning a `BulkResult`."""
        counter = LineCounter()
        result: BulkResult = await self.request(
            method, path, stream=counter.async_lines(items), bulk=counter, **options
        )
        return result


def _asks_response(options: Mapping[str, Any]) -> bool:
    """Whether the caller asked for the raw or streamed response (not pages)."""
    asked = options.get("extra_headers") or {}
    return RAW_RESPONSE_HEADER in asked or STREAM_RESPONSE_HEADER in asked


def _page_options(options: Mapping[str, Any], following: NextRequest) -> dict[str, Any]:
    """The options of a page's request: the caller's with its next query, or the URL to follow
    as given (which already carries the query); the raw response asked, for its headers."""
    extra_headers = {**(options.get("extra_headers") or {}), RAW_RESPONSE_HEADER: "true"}
    if following.url is None:
        return {**options, "query": following.query, "extra_headers": extra_headers}
    return {**options, "url": following.url, "extra_query": None, "extra_headers": extra_headers}


class SyncAPIResource:
    """Base of the sync resource classes: holds the client whose `request` they call."""

    def __init__(self, client: SyncAPIClient) -> None:
        self._client = client


class AsyncAPIResource:
    """Base of the async resource classes."""

    def __init__(self, client: AsyncAPIClient) -> None:
        self._client = client

"""Property test over the API's OpenAPI schema: schemathesis generates requests from it
(valid and invalid parameters, arbitrary Unicode) and no response may be a server error
or stray from the schema.

Schemathesis' own pytest plugin does not work with this pytest, so each operation's
strategy is driven by Hypothesis directly.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode

from rasad.serve.app import create_app
from test_serve_api import _build

PATHS = ["/api/events", "/api/events/{event_id}", "/api/stats", "/api/actors", "/api/places",
         "/api/boundaries", "/api/config"]


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory: pytest.TempPathFactory):
    url = _build(f"sqlite:///{Path(tmp_path_factory.mktemp('schema')) / 'db.sqlite'}")
    return schemathesis.openapi.from_asgi("/openapi.json", create_app(url, gazetteer_path=False))


def test_the_schema_lists_every_endpoint(api_schema) -> None:
    assert sorted(op.ok().path for op in api_schema.get_all_operations()) == sorted(PATHS)


@pytest.mark.parametrize("path", PATHS)
def test_every_valid_request_is_answered_as_the_schema_says(api_schema, path: str) -> None:
    operation = api_schema[path]["GET"]

    @given(case=operation.as_strategy())
    @settings(max_examples=80, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
    def check(case) -> None:
        case.call_and_validate()

    check()


# (the config takes no parameters and any event id is a valid one: nothing to break there)
@pytest.mark.parametrize("path", [p for p in PATHS
                                  if p not in ("/api/config", "/api/events/{event_id}")])
def test_no_invalid_request_makes_a_server_error(api_schema, path: str) -> None:
    """Requests that break the schema (wrong types, out of range, malformed) get a 4xx."""
    operation = api_schema[path]["GET"]

    @given(case=operation.as_strategy(generation_mode=GenerationMode.NEGATIVE))
    @settings(max_examples=80, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
    def check(case) -> None:
        response = case.call()
        assert response.status_code < 500, (case.as_curl_command(), response.text)

    check()

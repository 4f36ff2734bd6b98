"""OAuth 2 and OpenID Connect schemes in the IR, the client and the README.

A scheme with a client credentials flow becomes the ``oauth2`` kind (client ID and secret,
its token URL); the other flows and OpenID Connect are bearer tokens that may come from a
callable; operations carry the scopes their own security requirements list.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.build.security import required_scopes
from generator.render import render
from tests.generator.helpers import build_api, operation, write_text

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"

SPEC = """
openapi: 3.1.0
info: {title: Vault, version: '1'}
servers: [{url: 'https://vault.example/v1'}]
security: [{cc: [read]}, {key: [admin]}]
paths:
  /items:
    get:
      operationId: listItems
      responses: {'204': {description: done}}
    post:
      operationId: createItem
      security: [{cc: [write, read]}, {cc: [audit], key: [role]}]
      responses: {'204': {description: done}}
components:
  securitySchemes:
    cc:
      type: oauth2
      flows:
        implicit: {authorizationUrl: 'https://vault.example/authorize', scopes: {}}
        clientCredentials: {tokenUrl: "/oauth/token?realm='x'\\"", scopes: {read: r, write: w, audit: a}}
    code:
      type: oauth2
      flows: {authorizationCode: {authorizationUrl: 'https://a/x', tokenUrl: 'https://a/t', scopes: {}}}
    oidc: {type: openIdConnect, openIdConnectUrl: 'https://vault.example/.well-known/openid-configuration'}
    key: {type: apiKey, in: header, name: X-Key}
"""


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    return write_text(tmp_path, "vault.yaml", SPEC)


def test_a_client_credentials_flow_makes_the_client_fetch_tokens(vault: Path) -> None:
    api, problems = build_api(vault, "vault_client")
    assert not problems.warnings
    cc, code, oidc, key = api.security_schemes
    assert (cc.kind, cc.credential_names, cc.env_vars) == (
        "oauth2",
        ("client_id", "client_secret"),
        ("VAULT_CLIENT_ID", "VAULT_CLIENT_SECRET"),
    )
    assert cc.token_url_repr == repr("/oauth/token?realm='x'\"")
    assert (code.kind, code.token_provider, code.credential_names) == ("bearer", True, ("code",))
    assert (oidc.kind, oidc.token_provider) == ("bearer", True)
    assert (key.kind, key.token_provider) == ("api_key", False)
    assert [s.name for s in api.oauth2_schemes] == ["cc"]
    assert [s.name for s in api.token_provider_schemes] == ["code", "oidc"]


def test_operations_carry_the_union_of_their_own_oauth2_scopes(vault: Path) -> None:
    api, _ = build_api(vault, "vault_client")
    assert operation(api, "list_items").scopes == ()
    assert operation(api, "create_item").scopes == ("write", "read", "audit")
    assert api.default_scopes == ("read",)


@pytest.mark.parametrize(
    ("security", "scopes"),
    [
        pytest.param([{"cc": ["a", "b"]}, {"cc": ["b", "c"]}], ("a", "b", "c"), id="union-in-order"),
        pytest.param([{"key": ["role"]}], (), id="api-key-roles-are-not-scopes"),
        pytest.param([{}], (), id="optional"),
        pytest.param(None, (), id="absent"),
        pytest.param([{"cc": "a"}, "x", {"nope": ["a"]}], (), id="malformed"),
    ],
)
def test_required_scopes(security: object, scopes: tuple[str, ...]) -> None:
    data = {"components": {"securitySchemes": {"cc": {"type": "oauth2"}, "key": {"type": "apiKey"}}}}
    assert required_scopes(security, data) == scopes


def test_the_client_and_readme_of_an_oauth2_api(vault: Path) -> None:
    api, _ = build_api(vault, "vault_client")
    files = render(api, format_code=False)
    client = files["src/vault_client/_client.py"]
    compile(client, "_client.py", "exec")
    assert f"token_url={api.oauth2_schemes[0].token_url_repr}" in client
    assert "code: str | TokenProvider | None = None" in client
    assert "code: str | AsyncTokenProvider | None = None" in client
    assert "scopes=('write', 'read', 'audit')" in files["src/vault_client/resources/items.py"]
    assert "OAuth2Error" in files["src/vault_client/__init__.py"]
    readme = files["README.md"]
    assert "### OAuth 2" in readme
    assert "`client_id=` and `client_secret=` (or set `VAULT_CLIENT_ID` and `VAULT_CLIENT_SECRET`)" in readme
    assert "(relative to the server URL)" in readme
    assert "- `code`: `code=`, or set `VAULT_CODE`" in readme
    assert "- `oidc`: `oidc=`, or set `VAULT_OIDC`" in readme


def test_an_api_without_oauth2_has_no_oauth2_code_or_docs(tmp_path: Path) -> None:
    spec = """
    openapi: 3.1.0
    info: {title: Plain, version: '1'}
    security: [{key: [role]}]
    paths:
      /items:
        post:
          operationId: createItem
          security: [{key: [admin]}]
          responses: {'204': {description: done}}
    components:
      securitySchemes:
        key: {type: apiKey, in: header, name: X-Key}
    """
    api, problems = build_api(write_text(tmp_path, "plain.yaml", spec), "plain_client")
    assert not problems.errors
    files = render(api, format_code=False)
    assert "_oauth2" not in files["src/plain_client/_client.py"]
    assert "OAuth2Error" not in files["src/plain_client/__init__.py"]
    assert "scopes=" not in files["src/plain_client/resources/items.py"]
    assert "OAuth" not in files["README.md"]


@pytest.mark.parametrize(
    ("spec", "kinds", "token_url"),
    [
        pytest.param(
            "discord/openapi.json",
            {"BotToken": "api_key", "OAuth2": "oauth2"},
            "https://discord.com/api/oauth2/token",
            id="discord",
        ),
        pytest.param(
            "dcg/non_operations_and_security.yaml", {"api_key": "api_key", "oauth2": "oauth2"}, "/token", id="dcg"
        ),
        pytest.param("petstore/openapi.yaml", {"petstore_auth": "bearer", "api_key": "api_key"}, None, id="petstore"),
    ],
)
def test_corpus_oauth2_schemes(spec: str, kinds: dict[str, str], token_url: str | None) -> None:
    if not (CORPUS / spec).exists():
        pytest.skip(f"the shared corpus is not beside the repository ({spec})")
    api, problems = build_api(CORPUS / spec, "corpus_client")
    assert not problems.errors
    assert {s.name: s.kind for s in api.security_schemes} == kinds
    readme = render(api, format_code=False)["README.md"]
    section = readme.split("### OAuth 2\n", 1)[1].split("\n### ", 1)[0]
    if token_url is None:
        assert "This scheme takes the access token" in section
        assert "client_id" not in section
    else:
        assert f"client fetches its tokens from `{token_url}`" in section
        assert "OAuth2Error" in section

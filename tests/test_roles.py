"""Roles (dilemmakaart/roles.py) and how the app decides to run (dilemmakaart/auth.py)."""

from __future__ import annotations

import pytest

from dilemmakaart.auth import (
    LOCAL,
    Mode,
    RoleSettings,
    identity_from_claims,
    is_loopback,
    missing_auth_settings,
    open_network_allowed,
    role_settings,
    serving_mode,
)
from dilemmakaart.problems import ProblemsError
from dilemmakaart.roles import (
    ALL_ROLES,
    NEEDS,
    Action,
    Role,
    allows,
    expand,
    parse_roles,
    parse_roles_file,
    roles_of,
)

L, S, B, H = Role.LEZER, Role.SCHRIJVER, Role.BEGELEIDER, Role.BEHEERDER


def test_what_each_role_includes():
    assert expand([L]) == {L}
    assert expand([S]) == {S, L}
    assert expand([B]) == {B, L}
    assert expand([H]) == ALL_ROLES
    assert expand([S, B]) == {S, B, L}


@pytest.mark.parametrize(
    ("roles", "may", "may_not"),
    [
        ([L], {Action.READ}, {Action.EDIT, Action.SAVE, Action.UPLOAD, Action.DELETE, Action.RUN_SESSION}),
        ([S], {Action.READ, Action.EDIT, Action.SAVE, Action.UPLOAD}, {Action.DELETE, Action.RESTORE, Action.ADOPT}),
        ([B], {Action.READ, Action.RUN_SESSION, Action.ADOPT}, {Action.SAVE, Action.DELETE, Action.READ_AUDIT}),
        ([H], set(Action), set()),
        ([], set(), set(Action)),
    ],
)
def test_the_one_table(roles, may, may_not):
    assert {a for a in Action if allows(roles, a)} >= may
    assert not {a for a in Action if allows(roles, a)} & may_not
    assert set(NEEDS) == set(Action)  # every action has its role


def test_role_names_from_a_claim():
    assert parse_roles(["Schrijver", "offline_access", "uma_authorization"]) == {S}
    assert parse_roles("lezer begeleider") == {L, B}
    assert parse_roles("lezer,beheerder") == {L, H}
    assert parse_roles(None) == set()
    assert parse_roles({"beheerder": True}) == set()  # not a list: nothing, never a guess


def test_roles_from_a_nested_claim_and_the_roles_file():
    roles_file = parse_roles_file(
        b"people:\n  Anna@Gemeente.nl: [beheerder]\n  sub-123: [begeleider]\n"
        b"groups:\n  ethiek: [schrijver]\neveryone: [lezer]\n"
    )
    keycloak = {"sub": "x", "email": "piet@gemeente.nl", "realm_access": {"roles": ["schrijver"]}}
    assert roles_of(keycloak, roles_claim="realm_access.roles") == {S, L}
    assert roles_of({"sub": "x", "email": "anna@gemeente.nl"}, roles_file=roles_file) == ALL_ROLES
    assert roles_of({"sub": "sub-123"}, roles_file=roles_file) == {B, L}
    assert roles_of({"sub": "y", "groups": ["ethiek", "other"]}, roles_file=roles_file) == {S, L}
    assert roles_of({"sub": "z"}, roles_file=roles_file) == {L}
    assert roles_of({"sub": "z"}) == set()


def test_a_roles_file_with_a_mistake_is_refused_whole_with_its_place():
    with pytest.raises(ProblemsError) as caught:
        parse_roles_file(b"people:\n  anna@x.nl: [baas]\n  bob@x.nl: lezer schrijver\ngroepen: {}\n")
    places = {p.place for p in caught.value.problems}
    keys = {p.key for p in caught.value.problems}
    assert "people.anna@x.nl" in places and "roles_unknown" in keys and "roles_unknown_key" in keys
    assert "baas" in caught.value.describe("nl") and "Onbekende rol" in caught.value.describe("nl")
    with pytest.raises(ProblemsError):
        parse_roles_file(b"- lezer\n")
    with pytest.raises(ProblemsError):
        parse_roles_file(b"people: [anna]\n")
    assert parse_roles_file(b"") == parse_roles_file(b"people: {}\n")


def test_identity_reads_the_roles_file_again_when_it_changes(tmp_path):
    path = tmp_path / "roles.yaml"
    path.write_text("people:\n  anna@x.nl: [lezer]\n", encoding="utf-8")
    settings = RoleSettings(roles_file=path)
    claims = {"is_logged_in": True, "sub": "s1", "email": "anna@x.nl", "name": "Anna"}
    first = identity_from_claims(claims, settings)
    assert (first.who, first.name, first.roles, first.signed_in) == ("anna@x.nl", "Anna", {L}, True)
    path.write_text("people:\n  anna@x.nl: [beheerder]\n# longer\n", encoding="utf-8")
    assert identity_from_claims(claims, settings).roles == ALL_ROLES
    path.write_text("people: oops\n", encoding="utf-8")
    with pytest.raises(ProblemsError):
        identity_from_claims(claims, settings)


def test_settings_from_the_environment(tmp_path):
    assert role_settings({}) == RoleSettings()
    got = role_settings(
        {
            "DILEMMAKAART_ROLES_CLAIM": "realm_access.roles",
            "DILEMMAKAART_GROUPS_CLAIM": "grp",
            "DILEMMAKAART_ROLES_FILE": str(tmp_path / "r.yaml"),
        }
    )
    assert got == RoleSettings("realm_access.roles", "grp", tmp_path / "r.yaml")
    assert open_network_allowed({"DILEMMAKAART_OPEN_NETWORK_WITHOUT_SIGN_IN": "1"})
    assert not open_network_allowed({"DILEMMAKAART_OPEN_NETWORK_WITHOUT_SIGN_IN": "0"})
    assert not open_network_allowed({})


@pytest.mark.parametrize(
    ("address", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.0.1.1", True),
        ("localhost", True),
        ("::1", True),
        ("[::1]", True),
        ("0.0.0.0", False),
        ("::", False),
        ("", False),
        (None, False),
        ("192.168.1.10", False),
        ("server.gemeente.nl", False),
    ],
)
def test_loopback(address, loopback):
    assert is_loopback(address) is loopback


def test_serving_mode():
    assert serving_mode("127.0.0.1", False, False) is Mode.LOCAL
    assert serving_mode("0.0.0.0", False, False) is Mode.REFUSED
    assert serving_mode(None, False, False) is Mode.REFUSED  # Streamlit's own default: every interface
    assert serving_mode("0.0.0.0", False, True) is Mode.OPEN_NETWORK
    assert serving_mode("0.0.0.0", True, False) is Mode.SIGNED_IN
    assert serving_mode("127.0.0.1", True, True) is Mode.SIGNED_IN
    assert LOCAL.roles == ALL_ROLES and all(LOCAL.may(a) for a in Action)


def test_missing_auth_settings():
    full = {
        "redirect_uri": "http://127.0.0.1:8501/oauth2callback",
        "cookie_secret": "s" * 32,
        "client_id": "dk",
        "client_secret": "x",
        "server_metadata_url": "http://idp/.well-known/openid-configuration",
    }
    assert missing_auth_settings(full) == []
    assert missing_auth_settings({k: v for k, v in full.items() if k != "cookie_secret"}) == ["cookie_secret"]
    named = {
        "redirect_uri": full["redirect_uri"],
        "cookie_secret": full["cookie_secret"],
        "keycloak": {k: full[k] for k in ("client_id", "client_secret", "server_metadata_url")},
    }
    assert missing_auth_settings(named) == []
    assert missing_auth_settings(None) == [
        "redirect_uri",
        "cookie_secret",
        "client_id",
        "client_secret",
        "server_metadata_url",
    ]


@pytest.mark.parametrize(
    ("headers", "elsewhere"),
    [
        ({}, False),
        ({"Host": "127.0.0.1:8501"}, False),
        ({"host": "localhost:8501"}, False),
        ({"Host": "[::1]:8501"}, False),
        ({"Host": "dilemmakaart.gemeente.nl"}, True),  # a proxy, or a name rebound to 127.0.0.1
        ({"Host": "10.0.0.5:8501"}, True),
        ({"Host": "127.0.0.1:8501", "X-Forwarded-For": "203.0.113.7"}, True),
        ({"Host": "127.0.0.1:8501", "Forwarded": "for=203.0.113.7"}, True),
        ({"Host": "127.0.0.1:8501", "X-Real-IP": "203.0.113.7"}, True),
    ],
)
def test_a_loopback_server_reached_from_elsewhere_serves_the_network(headers, elsewhere):
    from dilemmakaart.auth import from_elsewhere

    assert from_elsewhere(headers) is elsewhere
    assert serving_mode("127.0.0.1", False, False, headers) is (Mode.REFUSED if elsewhere else Mode.LOCAL)
    assert serving_mode("127.0.0.1", False, True, headers) is (Mode.OPEN_NETWORK if elsewhere else Mode.LOCAL)
    assert serving_mode("127.0.0.1", True, False, headers) is Mode.SIGNED_IN

"""The rules of the HTTP-contract diff, each registered once with its level and its reason.

Operation, parameter, body, response, security and server rules are listed one by one;
schema rules are written once per subject (where the schema is, and which way the data
flows) from the tables below.  One rule for every constraint (min/max, lengths, items,
pattern, format, enum, required): a new or tightened constraint on what a client sends
breaks, a loosened one is a minor change (more calls are valid); in a response the same
change is judged from the reader's side: a tighter bound is news, a looser one a warning,
since values the reader never saw may arrive.  A request default that changes breaks:
callers who leave the argument out get other behaviour.
"""

from __future__ import annotations

from typing import NamedTuple

from .model import Level, rule

__all__ = ["CONSTRAINTS", "REQUEST_SUBJECTS", "RESPONSE_SUBJECTS"]

BRK, WARN, INFO = Level.BREAKING, Level.WARNING, Level.INFO

# --- rules -----------------------------------------------------------------------------------

G = "paths and operations"
rule("api-path-removed", BRK, "A path and every operation under it were removed.",
     oasdiff="api-path-removed-without-deprecation", group=G)  # fmt: skip
rule("api-removed", BRK, "An operation was removed while its path remains.",
     oasdiff="api-removed-without-deprecation", group=G)  # fmt: skip
rule("endpoint-added", INFO, "An operation was added.", oasdiff="endpoint-added", adds=True, group=G)
rule(
    "endpoint-deprecated",
    WARN,
    "An operation was marked deprecated.",
    oasdiff="endpoint-deprecated",
    adds=True,
    group=G,
)
rule("endpoint-reactivated", INFO, "An operation is no longer deprecated.", oasdiff="endpoint-reactivated", group=G)

G = "parameters"
rule("new-required-request-parameter", BRK, "A required query, header or cookie parameter was added.",
     oasdiff="new-required-request-parameter", group=G)  # fmt: skip
rule("new-optional-request-parameter", INFO, "An optional parameter was added.",
     oasdiff="new-optional-request-parameter", adds=True, group=G)  # fmt: skip
rule("request-parameter-removed", BRK, "A parameter was removed (the method loses the argument).",
     oasdiff="request-parameter-removed", group=G)  # fmt: skip
rule("request-parameter-became-required", BRK, "An optional parameter became required.",
     oasdiff="request-parameter-became-required", group=G)  # fmt: skip
rule("request-parameter-became-optional", INFO, "A required parameter became optional.",
     oasdiff="request-parameter-became-optional", group=G)  # fmt: skip
rule("request-path-parameter-renamed", INFO, "A path parameter was renamed; the URL is the same.", group=G)

G = "request bodies"
rule("request-body-added-required", BRK, "A required request body was added.",
     oasdiff="added-required-request-body", group=G)  # fmt: skip
rule("request-body-added-optional", INFO, "An optional request body was added.",
     oasdiff="added-optional-request-body", adds=True, group=G)  # fmt: skip
rule("request-body-removed", BRK, "The request body was removed (the method loses its body arguments).", group=G)
rule("request-body-became-required", BRK, "The request body became required.",
     oasdiff="request-body-became-required", group=G)  # fmt: skip
rule("request-body-became-optional", INFO, "The request body became optional.",
     oasdiff="request-body-became-optional", group=G)  # fmt: skip
rule("request-body-media-type-removed", BRK, "A request body media type was removed.",
     oasdiff="request-body-media-type-removed", group=G)  # fmt: skip
rule("request-body-media-type-added", INFO, "A request body media type was added.",
     oasdiff="request-body-media-type-added", adds=True, group=G)  # fmt: skip

G = "request properties"
rule("new-required-request-property", BRK, "A required request body property was added.",
     oasdiff="new-required-request-property", group=G)  # fmt: skip
rule("new-optional-request-property", INFO, "An optional request body property was added.",
     oasdiff="new-optional-request-property", adds=True, group=G)  # fmt: skip
rule("request-property-removed", BRK, "A request body property was removed (a keyword argument of the method).",
     oasdiff="request-property-removed", group=G)  # fmt: skip
rule("request-property-became-required", BRK, "An optional request property became required.",
     oasdiff="request-property-became-required", group=G)  # fmt: skip
rule("request-property-became-optional", INFO, "A required request property became optional.",
     oasdiff="request-property-became-optional", group=G)  # fmt: skip

G = "responses"
rule("response-success-status-removed", BRK, "A success (2xx) response status was removed.",
     oasdiff="response-success-status-removed", group=G)  # fmt: skip
rule("response-success-status-added", INFO, "A success response status was added.",
     oasdiff="response-success-status-added", adds=True, group=G)  # fmt: skip
rule("response-non-success-status-removed", INFO, "An error response status was removed.",
     oasdiff="response-non-success-status-removed", group=G)  # fmt: skip
rule("response-non-success-status-added", INFO, "An error response status was added.",
     oasdiff="response-non-success-status-added", adds=True, group=G)  # fmt: skip
rule("response-media-type-removed", BRK, "A response media type was removed.",
     oasdiff="response-media-type-removed", group=G)  # fmt: skip
rule("response-media-type-added", INFO, "A response media type was added.",
     oasdiff="response-media-type-added", adds=True, group=G)  # fmt: skip
rule("required-response-header-removed", WARN, "A required response header was removed.",
     oasdiff="required-response-header-removed", group=G)  # fmt: skip
rule("optional-response-header-removed", INFO, "An optional response header was removed.",
     oasdiff="optional-response-header-removed", group=G)  # fmt: skip

G = "response properties"
rule("response-required-property-removed", BRK, "A required response property was removed (a model attribute).",
     oasdiff="response-required-property-removed", group=G)  # fmt: skip
rule("response-optional-property-removed", BRK,
     "An optional response property was removed: the model attribute is gone, so reading it fails.",
     oasdiff="response-optional-property-removed", group=G)  # fmt: skip
rule("response-required-property-added", INFO, "A required response property was added.",
     oasdiff="response-required-property-added", adds=True, group=G)  # fmt: skip
rule("response-optional-property-added", INFO, "An optional response property was added.",
     oasdiff="response-optional-property-added", adds=True, group=G)  # fmt: skip
rule("response-property-became-optional", BRK, "A required response property became optional (may be absent).",
     oasdiff="response-property-became-optional", group=G)  # fmt: skip
rule("response-property-became-required", INFO, "An optional response property became required.",
     oasdiff="response-property-became-required", group=G)  # fmt: skip

G = "security"
rule("api-security-added", BRK, "An operation that needed no credentials now requires them.",
     oasdiff="api-security-added", group=G)  # fmt: skip
rule("api-security-removed", INFO, "An operation no longer requires credentials.",
     oasdiff="api-security-removed", group=G)  # fmt: skip
rule("api-security-alternative-removed", BRK, "One of the accepted security requirements was removed.",
     oasdiff="api-security-removed", group=G)  # fmt: skip
rule("api-security-alternative-added", INFO, "Another security requirement is accepted.",
     oasdiff="api-security-added", adds=True, group=G)  # fmt: skip
rule("api-security-scope-added", BRK, "A security requirement needs another scope.",
     oasdiff="api-security-scope-added", group=G)  # fmt: skip
rule("api-security-scope-removed", INFO, "A security requirement needs one scope fewer.",
     oasdiff="api-security-scope-removed", group=G)  # fmt: skip
rule("security-scheme-changed", BRK, "A security scheme changed its type, scheme, location or name.",
     oasdiff="api-security-component-type-changed", group=G)  # fmt: skip

G = "servers"
rule("server-removed", WARN, "A server was removed from the document.", group=G)
rule("server-added", INFO, "A server was added to the document.", adds=True, group=G)
rule("server-url-changed", WARN, "A server (an environment, by name) has another URL: calls choosing it go there.",
     group=G)  # fmt: skip

# Schema rules, one per subject: where the schema is, and which way the data flows.
REQUEST_SUBJECTS = ("request-parameter", "request-body", "request-property")
RESPONSE_SUBJECTS = ("response-body", "response-property")
_NOUN = {
    "request-parameter": "request parameter",
    "request-body": "request body",
    "request-property": "request property",
    "response-body": "response body",
    "response-property": "response property",
}
_TIGHTER = (
    "oasdiff weighs some tightened constraints lower; here every new or tightened constraint on what a client "
    "sends breaks: calls valid before may be refused"
)
_DEFAULT = "oasdiff warns; callers who leave the argument out get other behaviour, so it breaks"


class _SchemaRule(NamedTuple):
    suffix: str
    level: Level
    meaning: str
    """``{n}`` is the subject's noun."""
    adds: bool = False
    why: str = ""
    oasdiff: bool = True
    """Whether oasdiff has the same check (named after the rule)."""


_R = _SchemaRule
_REQUEST_SCHEMA_RULES = (
    _R("type-changed", BRK, "The {n}'s type or format changed to one that does not accept every old value."),
    _R("type-generalized", INFO, "The {n}'s type widened (integer to number, or a type added).", True),
    _R("became-nullable", INFO, "The {n} now accepts null.", True),
    _R("became-not-nullable", BRK, "The {n} no longer accepts null."),
    _R("enum-value-added", INFO, "The {n} accepts another enum value.", True),
    _R("enum-value-removed", BRK, "The {n} no longer accepts an enum value."),
    _R("became-enum", BRK, "The {n} became an enum."),
    _R("became-open", INFO, "The {n} is no longer an enum: any value of its type is accepted.", True),
    _R("variant-added", INFO, "The {n} accepts another oneOf/anyOf variant.", True),
    _R("variant-removed", BRK, "A oneOf/anyOf variant of the {n} was removed."),
    _R("pattern-added", BRK, "The {n} got a pattern: values once valid may be refused.", why=_TIGHTER),
    _R("pattern-changed", BRK, "The {n}'s pattern changed (counted as tightened: it cannot be told).", why=_TIGHTER),
    _R("pattern-removed", INFO, "The {n}'s pattern was removed.", True),
    _R("format-added", BRK, "The {n} got a format (email, uri...): values once valid may be refused.", why=_TIGHTER),
    _R("format-changed", BRK, "The {n}'s format changed."),
    _R("format-removed", INFO, "The {n}'s format was removed.", True),
    _R("default-value-changed", BRK, "The {n}'s default changed: calls omitting it change.", why=_DEFAULT),
)
_RESPONSE_SCHEMA_RULES = (
    _R("type-changed", BRK, "The {n}'s type or format changed to one the client does not decode as before."),
    _R("type-narrowed", INFO, "The {n}'s type narrowed (number to integer, or a type dropped)."),
    _R("became-nullable", BRK, "The {n} may now be null."),
    _R("became-not-nullable", INFO, "The {n} is no longer null."),
    _R("enum-value-added", WARN, "The {n} may carry a new enum value (generated enums keep unknown values).", True),
    _R("enum-value-removed", INFO, "The {n} no longer carries an enum value."),
    _R("became-enum", INFO, "The {n} became an enum: fewer values can arrive."),
    _R("became-open", WARN, "The {n} is no longer an enum: any value of its type may arrive."),
    _R("variant-added", BRK, "The {n} may carry another oneOf/anyOf variant."),
    _R("variant-removed", INFO, "A oneOf/anyOf variant of the {n} was removed."),
    _R("pattern-added", INFO, "The {n} got a pattern: fewer values can arrive."),
    _R("pattern-changed", WARN, "The {n}'s pattern changed: values the reader never saw may arrive."),
    _R("pattern-removed", WARN, "The {n}'s pattern was removed: values the reader never saw may arrive."),
    _R("format-added", INFO, "The {n} got a format: fewer values can arrive."),
    _R("format-changed", WARN, "The {n}'s format changed: values the reader never saw may arrive."),
    _R("format-removed", WARN, "The {n}'s format was removed: values the reader never saw may arrive."),
)
CONSTRAINTS = (  # keyword, rule stem, True when a larger value is looser
    ("maximum", "max", True),
    ("minimum", "min", False),
    ("maxLength", "max-length", True),
    ("minLength", "min-length", False),
    ("maxItems", "max-items", True),
    ("minItems", "min-items", False),
)
_OASDIFF_SUFFIX = {"type-generalized": "type-changed", "type-narrowed": "type-changed", "variant-added": "one-of-added",
                   "variant-removed": "one-of-removed", "became-enum": "became-enum"}  # fmt: skip


def _constraint_rules(request: bool) -> list[_SchemaRule]:
    """Four rules per constraint keyword: tightened, loosened, set and unset, weighed from the sender's
    side in a request and from the reader's in a response."""
    found = []
    for keyword, stem, larger_looser in CONSTRAINTS:
        tighter, looser = ("decreased", "increased") if larger_looser else ("increased", "decreased")
        for suffix, tightens, text in (
            (f"{stem}-{tighter}", True, f"The {{n}}'s {keyword} {tighter}"),
            (f"{stem}-{looser}", False, f"The {{n}}'s {keyword} {looser}"),
            (f"{stem}-set", True, f"The {{n}} got a {keyword}"),
            (f"{stem}-unset", False, f"The {{n}}'s {keyword} was removed"),
        ):
            same = request and not suffix.endswith("-unset")  # oasdiff's checks: request bounds, set or changed
            if request and tightens:
                found.append(_R(suffix, BRK, f"{text}: values once valid are refused.", why=_TIGHTER, oasdiff=same))
            elif request:
                found.append(_R(suffix, INFO, f"{text}: more calls are valid.", True, oasdiff=same))
            elif tightens:
                found.append(_R(suffix, INFO, f"{text}: fewer values can arrive.", oasdiff=False))
            else:
                found.append(_R(suffix, WARN, f"{text}: values the reader never saw may arrive.", oasdiff=False))
    return found


def _register_schema_rules() -> None:
    for subject in (*REQUEST_SUBJECTS, *RESPONSE_SUBJECTS):
        request = subject in REQUEST_SUBJECTS
        noun, group = _NOUN[subject], _NOUN[subject] + " schemas"
        table = _REQUEST_SCHEMA_RULES if request else _RESPONSE_SCHEMA_RULES
        for r in (*table, *_constraint_rules(request)):
            mapped = f"{subject}-{_OASDIFF_SUFFIX.get(r.suffix, r.suffix)}" if r.oasdiff else ""
            text = r.meaning.format(n=noun)
            rule(f"{subject}-{r.suffix}", r.level, text, oasdiff=mapped, adds=r.adds, group=group, why=r.why)


_register_schema_rules()

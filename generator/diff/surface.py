"""The Python surface: what users of the generated package import and call.

Some changes keep the wire format but break code written against the client:
an operationId (or ``x-clientgen-name``) renamed (the method is renamed), tags or
``x-clientgen-group`` changed (the method moves to another resource or namespace),
a path parameter renamed (a keyword argument is renamed), a schema renamed or an
inline schema moved to a ``$ref`` (a class is renamed), another default server
(``base_url`` changes).  Both specs are built to the IR (:mod:`generator.build`,
no rendering) and compared by what the names stand for: methods by HTTP method
and path, arguments by where they go on the wire,
classes by schema location or shape.

Every breaking change to the surface carries a migration note, the old call and
the new one (``client.a.list(id)`` -> ``client.a.get(id)``); so do the contract's
changes that change a call (an argument added, made required or removed, an
operation removed), found by the operation and the pointer of the parameter or
property behind the argument (:func:`migrate_contract`).
"""

from __future__ import annotations

from collections.abc import Sequence

from .. import records
from ..emit import type_annotation
from ..ir import Api, Enum, Model, ModelType, Operation, Parameter
from .model import Change, Level, rule
from .spec import normalized_path

__all__ = ["G", "diff_surface", "import_line", "migrate_contract"]

G = "Python client surface"
rule("client-method-renamed", Level.BREAKING,
     "The method for an operation was renamed (its operationId or x-clientgen-name changed, or the generator's "
     "naming).",
     oasdiff="api-operation-id-removed", group=G)  # fmt: skip
rule("client-method-moved", Level.BREAKING,
     "The method moved to another resource or namespace (its tag or x-clientgen-group changed).",
     oasdiff="api-tag-removed", group=G)  # fmt: skip
rule("client-argument-renamed", Level.BREAKING,
     "A method argument was renamed while the wire name is the same (a path parameter renamed).", group=G)  # fmt: skip
rule("client-body-style-changed", Level.BREAKING,
     "The request body went from keyword arguments to one body argument, or back.", group=G)  # fmt: skip
rule("client-class-renamed", Level.BREAKING,
     "A model or enum class was renamed or moved (a schema renamed, an inline schema moved to a $ref, or the "
     "generator's naming changed).", group=G)  # fmt: skip
rule("client-class-removed", Level.BREAKING, "A model or enum class no longer exists.",
     oasdiff="api-schema-removed", group=G)  # fmt: skip
rule("client-class-added", Level.INFO, "A model or enum class was added.", adds=True, group=G)
rule("client-attribute-renamed", Level.BREAKING, "A model attribute was renamed while its JSON name is the same.",
     group=G)  # fmt: skip
rule("client-default-base-url-changed", Level.BREAKING,
     "The default server changed: clients built without base_url talk to another URL.", group=G)  # fmt: skip
rule("client-environment-removed", Level.BREAKING, "A named environment is gone.", group=G)
rule("client-environment-added", Level.INFO, "A named environment was added.", adds=True, group=G)
rule("client-credential-changed", Level.BREAKING, "The client's credential arguments changed.", group=G)


@records.frozen
class _Method:
    resource: str
    """The resource as reached from the client (``v2.invoices``)."""
    op: Operation

    @property
    def label(self) -> str:
        return f"{self.op.method.upper()} {self.op.path}"

    @property
    def spelled(self) -> str:
        return f"client.{self.resource}.{self.op.name}"

    def call(self, *arguments: str) -> str:
        """The call as code: ``client.customers.list_balances(id)``, path parameters by position, then ``arguments``."""
        return f"`{self.spelled}({', '.join([*(p.name for p in self.op.path_params), *arguments])})`"


def import_line(package: str, name: str) -> str:
    """The import of a class: ``scope.Name``, of an operation's namespace, from ``models.scope``."""
    scope, _, class_name = name.rpartition(".")
    return f"`from {package}.models{'.' + scope if scope else ''} import {class_name}`"


def _where(cls: Model | Enum) -> str:
    """The class as its module spells it: ``customer.Customer``, ``create_customer_params.body.Body``."""
    return f"{cls.module}.{cls.class_name}"


def _methods(api: Api) -> dict[tuple[str, str], _Method]:
    return {
        (op.method.upper(), normalized_path(op.path)): _Method(resource.accessor, op)
        for resource in api.resources
        for op in resource.operations
    }


def _arguments(op: Operation) -> dict[tuple[str, str], Parameter]:
    """Arguments by where they go: path parameters by position, the others by location and wire name."""
    found: dict[tuple[str, str], Parameter] = {("path", str(i)): p for i, p in enumerate(op.path_params)}
    found.update({(p.location, p.wire_name_repr): p for p in op.params})
    if op.body is not None and op.body.flatten:
        found.update({("body", p.wire_name_repr): p for p in op.body.flattened})
    return found


def _classes(api: Api) -> dict[str, Model | Enum]:
    return {**{m.name: m for m in api.models}, **{e.name: e for e in api.enums}}


def _shape(cls: Model | Enum) -> tuple[str, frozenset[str]]:
    if isinstance(cls, Model):
        return "model", frozenset(f.wire_name_repr for f in cls.fields)
    return "enum", frozenset(m.value_repr for m in cls.members)


class _Surface:
    def __init__(self, base: Api, revision: Api) -> None:
        self.base, self.rev = base, revision
        self.changes: list[Change] = []

    def add(self, rule_id: str, operation: str, pointer: str, message: str, migration: str = "") -> None:
        self.changes.append(Change.of(rule_id, operation, pointer, message, migration))

    def run(self) -> list[Change]:
        self.client()
        self.methods()
        self.classes()
        return self.changes

    def client(self) -> None:
        client = self.rev.client_class
        old = {e.name: e.url_repr for e in self.base.environments}
        new = {e.name: e.url_repr for e in self.rev.environments}
        if self.base.environments and self.rev.environments:
            before, after = self.base.environments[0], self.rev.environments[0]
            if before.url_repr != after.url_repr:
                keep = f"`{client}()` -> `{client}(base_url={before.url_repr})` to keep the old server"
                self.add("client-default-base-url-changed", "", "/servers/0",
                         f"the default base_url changed from {before.url_repr} to {after.url_repr}", keep)  # fmt: skip
        for name in old:
            if name not in new:
                keep = f"`{client}(environment={name!r})` -> `{client}(base_url={old[name]})`"
                self.add("client-environment-removed", "", "/servers", f"the environment {name!r} is gone", keep)
        for name in new:
            if name not in old:
                self.add("client-environment-added", "", "/servers", f"added the environment {name!r} ({new[name]})")
        old_args = {c.arg for s in self.base.security_schemes for c in s.credentials}
        new_args = {c.arg for s in self.rev.security_schemes for c in s.credentials}
        if old_args != new_args:
            was = ", ".join(f"{a}=..." for a in sorted(old_args))
            now = ", ".join(f"{a}=..." for a in sorted(new_args))
            self.add("client-credential-changed", "", "/components/securitySchemes",
                     f"the client's credentials changed from {sorted(old_args)} to {sorted(new_args)}",
                     f"`{client}({was})` -> `{client}({now})`")  # fmt: skip

    def methods(self) -> None:
        new_methods = _methods(self.rev)
        for key, old in _methods(self.base).items():
            new = new_methods.get(key)
            if new is None:
                continue  # the operation is gone: the HTTP rules report it
            pointer = new.op.location.pointer
            moved = f"{old.call()} -> {new.call()}"
            if old.resource != new.resource:
                self.add("client-method-moved", new.label, pointer, f"{old.spelled} moved to {new.spelled}", moved)
            elif old.op.name != new.op.name:
                self.add("client-method-renamed", new.label, pointer, f"{old.spelled} was renamed to {new.spelled}",
                         moved)  # fmt: skip
            self.arguments(old, new)

    def arguments(self, old: _Method, new: _Method) -> None:
        pointer = new.op.location.pointer
        old_body, new_body = old.op.body, new.op.body
        if old_body is not None and new_body is not None and old_body.flatten != new_body.flatten:
            before = "keyword arguments" if old_body.flatten else f"the argument `{old_body.body_param}`"
            after = "keyword arguments" if new_body.flatten else f"the argument `{new_body.body_param}`"
            self.add("client-body-style-changed", new.label, pointer,
                     f"{new.spelled} takes its body as {after} instead of {before}",
                     f"{old.call(_body_argument(old.op))} -> {new.call(_body_argument(new.op))}")  # fmt: skip
        after_args = _arguments(new.op)
        for key, param in _arguments(old.op).items():
            other = after_args.get(key)
            if other is not None and other.name != param.name:
                self.add("client-argument-renamed", new.label, other.location_info.pointer or pointer,
                         f"the argument `{param.name}` of {new.spelled} was renamed to `{other.name}`",
                         f"`{new.spelled}({param.name}=...)` -> `{new.spelled}({other.name}=...)`")  # fmt: skip

    def classes(self) -> None:
        old, new = _classes(self.base), _classes(self.rev)
        gone = {name: cls for name, cls in old.items() if name not in new}
        added = {name: cls for name, cls in new.items() if name not in old}
        by_pointer = {cls.location.pointer: name for name, cls in added.items()}
        by_shape: dict[tuple[str, frozenset[str]], list[str]] = {}
        for name, cls in added.items():
            by_shape.setdefault(_shape(cls), []).append(name)
        for name, cls in gone.items():
            match = by_pointer.get(cls.location.pointer)
            candidates = [n for n in by_shape.get(_shape(cls), []) if n in added]
            if match is None and len(candidates) == 1:
                match = candidates[0]
            if match is not None and match in added:
                target = added.pop(match)
                moved = f"{import_line(self.base.package, name)} -> {import_line(self.rev.package, match)}"
                self.add("client-class-renamed", "", target.location.pointer,
                         f"the class {_where(cls)} is now {_where(target)}", moved)  # fmt: skip
            else:
                self.add("client-class-removed", "", cls.location.pointer, f"the class {_where(cls)} is gone",
                         f"{import_line(self.base.package, name)} -> no replacement: the schema is gone")  # fmt: skip
        for cls in added.values():
            self.add("client-class-added", "", cls.location.pointer, f"added the class {_where(cls)}")
        for name, before in old.items():
            after = new.get(name)
            if isinstance(before, Model) and isinstance(after, Model):
                fields = {f.wire_name_repr: f for f in after.fields}
                for field in before.fields:
                    other = fields.get(field.wire_name_repr)
                    if other is not None and other.name != field.name:
                        self.add("client-attribute-renamed", "", other.location.pointer,
                                 f"{name}.{field.name} was renamed to {name}.{other.name}",
                                 f"`{name}.{field.name}` -> `{name}.{other.name}`")  # fmt: skip


def diff_surface(base: Api, revision: Api) -> list[Change]:
    """Every change to the generated package's names between two IRs."""
    return _Surface(base, revision).run()


def _body_argument(op: Operation) -> str:
    """The body as the method takes it: ``field=...`` for keyword arguments, ``body=Model(...)`` for one."""
    body = op.body
    if body is None:
        return ""
    if body.flatten:
        return ", ".join(f"{p.name}=..." for p in body.flattened if p.required) or "..."
    shown = body.type.name if isinstance(body.type, ModelType) else "..."
    return f"{body.body_param}={shown}(...)" if shown != "..." else f"{body.body_param}=..."


def _arguments_at(api: Api) -> dict[tuple[str, str], tuple[_Method, Parameter]]:
    """Every argument of every method, by the method's operation and the pointer of what it stands for."""
    found: dict[tuple[str, str], tuple[_Method, Parameter]] = {}
    for method in _methods(api).values():
        for param in _arguments(method.op).values():
            found.setdefault((method.label, param.location_info.pointer), (method, param))
    return found


_ADDS_ARGUMENT = frozenset({"new-required-request-parameter", "new-required-request-property",
                            "request-parameter-became-required", "request-property-became-required"})  # fmt: skip
_REMOVES_ARGUMENT = frozenset({"request-parameter-removed", "request-property-removed"})
_REMOVES_METHOD = frozenset({"api-removed", "api-path-removed"})


def migrate_contract(changes: Sequence[Change], base: Api, revision: Api) -> list[Change]:
    """``changes`` with a migration note on each contract change that changes a call."""
    before, after = _arguments_at(base), _arguments_at(revision)
    methods = {m.label: m for m in _methods(base).values()}
    migrated = []
    for change in changes:
        note = ""
        key = (change.operation, change.pointer)
        if change.id in _ADDS_ARGUMENT and key in after:
            method, param = after[key]
            shown = type_annotation(param.type)
            note = f"{method.call()} -> {method.call(f'{param.name}=...')} (`{param.name}: {shown}`, required)"
        elif change.id in _REMOVES_ARGUMENT and key in before:
            method, param = before[key]
            note = f"{method.call(f'{param.name}=...')} -> {method.call()}"
        elif change.id in _REMOVES_METHOD and change.operation in methods:
            note = f"{methods[change.operation].call('...')} -> no replacement: the operation is gone"
        migrated.append(records.evolve(change, migration=note) if note and not change.migration else change)
    return migrated

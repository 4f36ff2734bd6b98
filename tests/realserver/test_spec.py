"""The document the Depot application serves, and that these tests call every operation in it."""

from __future__ import annotations

import json
import re
from pathlib import Path

HERE = Path(__file__).parent
METHODS = ("get", "put", "post", "delete", "patch")


def _operations(generated: Path) -> dict[str, dict[str, object]]:
    spec = json.loads((generated.parent / "openapi.json").read_text(encoding="utf-8"))
    assert "security" not in spec  # FastAPI's output when only some routes use HTTPBearer
    return {op["operationId"]: op for item in spec["paths"].values() for m, op in item.items() if m in METHODS}


def test_the_spec_has_at_least_25_operations_and_the_tests_call_each_one(generated: Path) -> None:
    operations = _operations(generated)
    assert len(operations) >= 25
    sources = "\n".join(p.read_text(encoding="utf-8") for p in sorted(HERE.glob("test_*.py")))
    called = set(re.findall(r"\bc\.\w+\.(?:with_raw_response\.)?(\w+)\(", sources))
    assert sorted(set(operations) - called) == []


def test_the_operations_carry_what_the_tests_are_about(generated: Path) -> None:
    operations = _operations(generated)
    protected = sorted(name for name, op in operations.items() if op.get("security"))
    assert protected == ["place_order", "who_am_i"]
    assert [name for name, op in operations.items() if op.get("deprecated")] == ["list_items_legacy"]
    assert [name for name, op in operations.items() if op.get("servers")] == ["where"]
    documents = operations["store_document"]["requestBody"]
    assert list(documents["content"]) == ["application/vnd.api+json"]  # type: ignore[index]
    report = operations["report"]["responses"]["200"]["content"]  # type: ignore[index]
    assert sorted(report) == ["application/json", "text/csv"]

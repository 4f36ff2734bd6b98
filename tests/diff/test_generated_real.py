"""``diff --generated`` on the committed clients: the names the scoped and shortened naming rules moved.

The base is each package as committed before those rules (commit ad11659); without that commit
(a shallow clone) there is nothing to compare with and the tests are skipped.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from generator.diff.command import generated_report

ROOT = Path(__file__).resolve().parent.parent.parent
BEFORE_NAMING = "ad11659"


def _report_since_naming(client: str) -> dict[str, str]:
    known = subprocess.run(
        ["git", "cat-file", "-e", f"{BEFORE_NAMING}^{{commit}}"], cwd=ROOT, capture_output=True, check=False
    )
    if known.returncode != 0:
        pytest.skip(f"commit {BEFORE_NAMING} is not in this clone")
    report = generated_report([client, BEFORE_NAMING], ROOT / "clientgen.toml")
    assert {c.id for c in report.changes} == {"client-class-renamed"} and report.semver == "major"
    return {c.migration.split(" -> ")[0]: c.migration.split(" -> ")[1] for c in report.changes}


def test_mayar_enums_moved_and_response_names_shortened() -> None:
    moved = _report_since_naming("mayar")
    assert moved["`from mayar_client.models import ChangeProductStatusAction`"] == (
        "`from mayar_client.models.products_payment_links_change_product_status_params import Action`"
    )
    assert moved["`from mayar_client.models import ChangeSinglePaymentRequestStatusAction`"] == (
        "`from mayar_client.models.change_single_payment_request_status_params import Action`"
    )
    assert moved["`from mayar_client.models import V2GetPaidTransactionsResponseDataItemXenditTransaction`"] == (
        "`from mayar_client.models import V2GetPaidTransactionsResponseXenditTransaction`"
    )
    assert len(moved) >= 20


def test_afternoon_refund_policy_shortened() -> None:
    assert _report_since_naming("afternoon") == {
        "`from afternoon_client.models import ChangeSubscriptionPlanRequestCancelNowPrepaidRefundPolicy`": (
            "`from afternoon_client.models import ChangeSubscriptionPlanCancelNowPrepaidRefundPolicy`"
        )
    }

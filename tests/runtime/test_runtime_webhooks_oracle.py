"""``_webhooks`` agrees with the Standard Webhooks reference library (``standardwebhooks``, a test
dependency) on any payload, id, timestamp and secret: what it signs verifies here, and what it
refuses is refused here."""

from __future__ import annotations

import base64
import datetime as dt
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.configuration import set_hypothesis_home_dir
from rtpkg._exceptions import WebhookVerificationError
from rtpkg._webhooks import WebhookReceiver

standardwebhooks = pytest.importorskip("standardwebhooks")
set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "clientgen-tests-hypothesis")  # nothing written in the repository

NOW = 1_700_000_000
secrets = st.binary(min_size=1, max_size=64).map(lambda key: "whsec_" + base64.b64encode(key).decode())
ids = st.text(st.characters(codec="ascii", exclude_characters=" \r\n\t"), min_size=1, max_size=40).filter(
    lambda text: text.strip() == text and text.isprintable()
)


def headers(msg_id: str, timestamp: int, signature: str) -> dict[str, str]:
    return {"webhook-id": msg_id, "webhook-timestamp": str(timestamp), "webhook-signature": signature}


def sign(secret: str, msg_id: str, timestamp: int, payload: bytes) -> str:
    moment = dt.datetime.fromtimestamp(timestamp, tz=dt.UTC)
    return str(standardwebhooks.Webhook(secret).sign(msg_id, moment, payload))


@settings(max_examples=200, deadline=None, database=None)
@given(secret=secrets, msg_id=ids, payload=st.binary(max_size=300), skew=st.integers(-300, 300))
def test_what_the_reference_signs_verifies(secret: str, msg_id: str, payload: bytes, skew: int) -> None:
    timestamp = NOW + skew
    WebhookReceiver(secret).verify_signature(
        payload, headers(msg_id, timestamp, sign(secret, msg_id, timestamp, payload)), now=NOW
    )


@settings(max_examples=200, deadline=None, database=None)
@given(secret=secrets, other=secrets, msg_id=ids, payload=st.binary(max_size=300), flip=st.integers(0, 299))
def test_what_the_reference_refuses_is_refused(secret: str, other: str, msg_id: str, payload: bytes, flip: int) -> None:
    now = int(time.time())  # the reference checks the timestamp against its clock
    signature = sign(other, msg_id, now, payload)
    tampered = bytes(b ^ 1 if i == flip else b for i, b in enumerate(payload))
    for body in {payload, tampered}:
        delivery = headers(msg_id, now, signature)
        try:
            standardwebhooks.Webhook(secret).verify(body, delivery, json_parse=False)
            reference_accepts = True
        except standardwebhooks.WebhookVerificationError:
            reference_accepts = False
        try:
            WebhookReceiver(secret).verify_signature(body, delivery, now=now)
            accepts = True
        except WebhookVerificationError:
            accepts = False
        assert accepts == reference_accepts


def test_the_reference_reproduces_the_published_vector_this_runtime_is_tested_against() -> None:
    signed = sign(
        "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, b'{"test": 2432232314}'
    )
    assert signed == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="

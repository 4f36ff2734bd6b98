"""tools/same_output.py: what two versions of clientgen generate, compared and grouped."""

from __future__ import annotations

from pathlib import Path

from tools.same_output import ROOT, Outcome, _files, compare, summary


def test_differences_are_grouped_by_their_place_in_the_package() -> None:
    outcomes = [
        Outcome("a/one.yaml", changed=["src/c_a_one/_client.py", "src/c_a_one/models/pet.py"]),
        Outcome("b/two.json", changed=["src/c_b_two/models/x/y.py"], added=["src/c_b_two/_sync_client.py"]),
        Outcome("c/three.yaml", messages="exit 0 -> 2"),
        Outcome("d/same.yaml"),
    ]
    assert [o.same for o in outcomes] == [False, False, False, True]
    assert summary(outcomes) == [
        "messages: exit 0 -> 2 in 1 specs",
        "src/<package>/_client.py: changed in 1 specs",
        "src/<package>/_sync_client.py: added in 1 specs",
        "src/<package>/models/*: changed in 2 specs",
    ]


def test_the_records_beside_the_output_are_not_compared(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "m.py").write_text("x = 1\n", encoding="utf-8")
    (tmp_path / ".clientgen-files.json").write_text("{}", encoding="utf-8")
    (tmp_path / ".clientgen-manifest.json").write_text("{}", encoding="utf-8")
    assert _files(tmp_path) == {"src/m.py": b"x = 1\n"}


def test_one_checkout_against_itself_gives_the_same_output(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    (corpus / "shop").mkdir(parents=True)
    (corpus / "shop" / "openapi.yaml").write_text(
        "openapi: 3.0.3\ninfo: {title: Shop, version: '1'}\npaths:\n  /items:\n    get:\n"
        "      operationId: listItems\n      responses: {'200': {description: ok}}\n",
        encoding="utf-8",
    )
    outcome = compare(ROOT, corpus, "shop/openapi.yaml", tmp_path / "work")
    assert outcome.same, outcome
    assert (tmp_path / "work" / "this" / "c_shop_openapi" / "src" / "c_shop_openapi" / "_client.py").is_file()

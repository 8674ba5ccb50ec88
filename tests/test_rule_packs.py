"""Rule packs are data validated by a JSON Schema (rules/packs/pack.schema.json) when loaded;
a broken pack is a clear error naming the file and the field, never a traceback."""

from __future__ import annotations

import copy
import json

import jsonschema
import pytest
from click.testing import CliRunner

from paperlint import engine, resources
from paperlint.cli import main
from paperlint.engine import SUPPORTED_KEYWORDS, RulePackError, load_pack, pack_schema, validate
from paperlint.model import CONFIDENCES, SEVERITIES

PACKS = [p.stem for p in resources.yaml_files("packs")]


def _pack(name: str) -> dict:
    return copy.deepcopy(resources.load_yaml(f"packs/{name}.yaml"))


def test_the_schema_is_a_valid_json_schema():
    jsonschema.Draft202012Validator.check_schema(pack_schema())


def test_the_schema_uses_only_keywords_the_loader_implements():
    used: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                used.add(key)
                if key in ("properties", "$defs"):
                    for sub in value.values():
                        walk(sub)
                elif key not in ("enum", "required"):
                    walk(value)

    walk(pack_schema())
    assert used <= SUPPORTED_KEYWORDS, used - SUPPORTED_KEYWORDS


def test_the_schema_enums_are_the_models_severities_and_confidences():
    rule = pack_schema()["$defs"]["rule"]["properties"]
    assert rule["severity"]["enum"] == list(SEVERITIES)
    assert rule["confidence"]["enum"] == list(CONFIDENCES)


@pytest.mark.parametrize("name", PACKS)
def test_every_pack_follows_the_schema(name):
    data = _pack(name)
    assert validate(data, pack_schema()) == []
    jsonschema.validate(data, pack_schema())


def _break_missing_docs_section(p):
    del p["rules"][0]["docs"]["why"]


def _break_unknown_severity(p):
    p["rules"][0]["severity"] = "critical"


def _break_misspelt_key(p):
    p["rules"][0]["sevrity"] = p["rules"][0].pop("severity")


def _break_id_pattern(p):
    p["rules"][0]["id"] = "CH1"


def _break_no_rules(p):
    p["rules"] = []


def _break_references_not_a_list(p):
    p["rules"][0]["docs"]["references"] = "a paper"


def _break_empty_why(p):
    p["rules"][0]["docs"]["why"] = ""


BREAKS = {
    "missing docs section": (
        _break_missing_docs_section,
        "rules[0].docs: missing required key 'why'",
    ),
    "unknown severity": (_break_unknown_severity, "rules[0].severity: 'critical' is not one of"),
    "misspelt key": (_break_misspelt_key, "unknown key 'sevrity'"),
    "bad id": (_break_id_pattern, "rules[0].id: 'CH1' does not match"),
    "no rules": (_break_no_rules, "rules: needs at least 1 item"),
    "references not a list": (_break_references_not_a_list, "references: expected array"),
    "empty docs section": (_break_empty_why, "rules[0].docs.why: must not be empty"),
}


@pytest.mark.parametrize("breakage", list(BREAKS))
def test_a_broken_pack_is_rejected_by_both_validators_with_the_field_named(breakage):
    mutate, expected = BREAKS[breakage]
    data = _pack("choices")
    mutate(data)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, pack_schema())
    with pytest.raises(RulePackError) as e:
        load_pack("choices", data)
    assert e.value.code == "E005"
    assert "rules/packs/choices.yaml" in e.value.format() and expected in e.value.format()


def test_an_id_outside_the_packs_prefix_is_rejected():
    data = _pack("choices")
    data["rules"][0]["id"] = "ST399"
    with pytest.raises(RulePackError, match=r"rules\[0\] \(ST399\): id must start with .*'CH1'"):
        load_pack("choices", data)


def test_a_broken_pack_in_the_rules_folder_is_error_e005_on_the_command_line(tmp_path, monkeypatch):
    packs = tmp_path / "packs"
    packs.mkdir()
    (packs / "pack.schema.json").write_text(json.dumps(pack_schema()))
    data = _pack("mismatch")
    del data["rules"][0]["docs"]["fix"]
    import yaml

    (packs / "broken_for_test.yaml").write_text(yaml.safe_dump(data))
    monkeypatch.setattr(resources, "rules_dir", lambda: tmp_path)
    engine.all_rules.cache_clear()
    try:
        r = CliRunner().invoke(main, ["rules"])
    finally:
        monkeypatch.undo()
        engine.all_rules.cache_clear()
    assert r.exit_code == 2
    assert (
        "error[E005] rules/packs/broken_for_test.yaml: rules[0].docs: missing required key 'fix'"
        in r.output
    )

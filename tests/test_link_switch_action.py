from paperlint.link import naming
from paperlint.model import Choice


def _setting(param: str, value: str) -> Choice:
    return Choice("c", "other", param, value, "c.yaml", 1, source="config", param=param)


def test_a_switch_is_done_in_its_verb_forms_and_done_again_with_re():
    forms = naming.switch_action_forms(_setting("scale_by_norm", "True"))
    assert {"scaled", "scaling", "rescaled", "rescaling"} <= set(forms)
    # the noun of the switch is what it acts on, not its doing
    assert "norm" not in forms and "norms" not in forms


def test_a_setting_that_is_no_switch_has_no_doing():
    assert naming.switch_action_forms(_setting("scale_by_norm", "0.18")) == []
    assert naming.switch_action_forms(_setting("scale_by_norm", "True")) != []

"""The identifiers an expression uses, and the ones it reads as data (not only for its shape)."""

import libcst as cst

from paperlint.code.dataflow import data_names_in
from paperlint.code.walk import names_in


def _expr(src: str) -> cst.BaseExpression:
    return cst.parse_expression(src)


def test_names_in_reads_the_root_of_an_attribute_chain_not_its_attributes():
    assert names_in(_expr("self.fc.weight + bias")) == {"self", "bias"}


def test_data_names_leave_out_a_tensor_read_only_for_its_shape():
    expr = _expr("x.view(x.size(0), -1) + h.shape[1] + len(y) * z")
    assert data_names_in(expr) == {"x", "z"}
    # the twin: every name counts when read as plain identifiers
    assert names_in(expr) == {"x", "h", "y", "z", "len"}


def test_data_names_read_the_arguments_of_a_metadata_method():
    # `x.size(dim)` reads `dim` as a value, not `x`
    assert data_names_in(_expr("x.size(dim)")) == {"dim"}
    assert names_in(_expr("x.size(dim)")) == {"x", "dim"}

"""Which names an expression reads as data, not only for their metadata.

A tensor's shape, size, dtype or device says nothing of its values: a term computed from
another's shape (``F.interpolate(top, size=lateral.shape[-2:])``) is not a transformation of
it. Structure recognisers (a residual adds a tensor to a transformation of itself) ask which
names an expression reads as data.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import libcst as cst

from paperlint.code.walk import names_in

#: attributes that are a tensor's metadata (``x.shape``, ``x.dtype``)
META_ATTRIBUTES = frozenset(["shape", "dtype", "device", "ndim", "is_cuda", "layout"])
#: methods that return a tensor's metadata (``x.size(-1)``, ``x.dim()``)
META_METHODS = frozenset(["size", "dim", "get_shape", "numel", "type"])
#: functions of a tensor that return its metadata (``len(x)``, ``tf.shape(x)``)
META_FUNCTIONS = frozenset(["len", "shape", "int_shape", "rank"])


def _data_children(n: cst.CSTNode) -> list[cst.CSTNode] | None:
    """What a node is read through as data, where that differs from its fields: a tensor's
    metadata (``x.shape``, ``x.size(1)``, ``len(x)``) reads none of its names as data."""
    if isinstance(n, cst.Attribute):
        return [] if n.attr.value in META_ATTRIBUTES else [n.value]  # `self.x.y` uses `self`
    if isinstance(n, cst.Call):
        func = n.func
        if isinstance(func, cst.Attribute) and func.attr.value in META_METHODS:
            return [a.value for a in n.args]
        last = func.attr.value if isinstance(func, cst.Attribute) else None
        if isinstance(func, cst.Name):
            last = func.value
        if last in META_FUNCTIONS:
            return []
    return None


def data_names_in(node: cst.CSTNode, limit: int = 2000) -> set[str]:
    """The identifiers ``node`` reads as data: those used only through their metadata
    (``x.shape``, ``x.size(1)``, ``len(x)``) are left out."""
    return names_in(node, limit, _data_children)


#: names of a graph's structure: an adjacency or Laplacian matrix, its edges
_GRAPH_NAME = re.compile(
    r"(^|_)(adj\w*|adjacency|a_?hat|norm_?adj\w*|laplacian|lap|graph|edges?|edge_index|"
    r"support|supports)($|_)",
    re.I,
)
#: products of two matrices (``torch.sparse.mm(adj, h)``, ``tf.sparse_tensor_dense_matmul``)
_PRODUCTS = frozenset(
    [
        "mm",
        "matmul",
        "spmm",
        "bmm",
        "dot",
        "sparse_dense_matmul",
        "sparse_tensor_dense_matmul",
        "sparse_matmul",
    ]
)
#: message-passing sums over a graph's edges
_MESSAGE_SUMS = frozenset(
    [
        "propagate",
        "scatter_add",
        "scatter_add_",
        "scatter_sum",
        "segment_sum",
        "unsorted_segment_sum",
        "index_add",
        "index_add_",
    ]
)


def _last_name(func: cst.BaseExpression) -> str | None:
    if isinstance(func, cst.Name):
        return func.value
    if isinstance(func, cst.Attribute):
        return func.attr.value
    return None


def _sparse_product(func: cst.BaseExpression) -> bool:
    """``torch.sparse.mm``, ``torch.spmm``, ``tf.sparse.sparse_dense_matmul``: a product whose
    function says one side is a sparse matrix. In a model's forward pass the sparse side is a
    graph's adjacency (or a normalised one), whatever the variable is called (``A``, ``M``)."""
    parts = []
    while isinstance(func, cst.Attribute):
        parts.append(func.attr.value)
        func = func.value
    if isinstance(func, cst.Name):
        parts.append(func.value)
    return any(p == "sparse" or p.startswith("sparse_") or p == "spmm" for p in parts)


def _names_graph(nodes: Iterable[cst.CSTNode]) -> bool:
    return any(_GRAPH_NAME.search(n) for node in nodes for n in data_names_in(node, 200))


def is_graph_aggregation(node: cst.BaseExpression) -> bool:
    """``node`` sums each node's neighbours over a graph: a product with the adjacency or
    Laplacian (``torch.sparse.mm(adj, h)``, ``A_hat @ h``) or a message-passing sum
    (``self.propagate(edge_index, x=h)``, ``scatter_add``). A node's features plus that sum
    is the aggregation of a graph convolution with self-loops, not a skip around a layer."""
    while isinstance(node, cst.Call) and _last_name(node.func) in ("squeeze", "float", "view"):
        if not isinstance(node.func, cst.Attribute):
            break
        node = node.func.value
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.MatrixMultiply):
        return _names_graph([node.left, node.right])
    if isinstance(node, cst.Call):
        last = _last_name(node.func)
        if last in _MESSAGE_SUMS:
            return True
        if last in _PRODUCTS:
            return _sparse_product(node.func) or _names_graph([a.value for a in node.args])
    return False

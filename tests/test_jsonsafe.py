"""Nesting depth of untrusted JSON: exact for every JSON value, strings never counted."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workbench import jsonsafe

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(alphabet=st.sampled_from('ab"\\[]{}:, é')),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.text(alphabet=st.sampled_from('k"\\[]{}'), max_size=4), inner, max_size=4),
    max_leaves=30,
)


def depth(value: Any) -> int:
    if isinstance(value, list):
        return 1 + max((depth(v) for v in value), default=0)
    if isinstance(value, dict):
        return 1 + max((depth(v) for v in value.values()), default=0)
    return 0


@given(JSON)
def test_depth_of_any_json_value_ignores_brackets_inside_strings(value: Any) -> None:
    assert jsonsafe.nesting_depth(json.dumps(value)) == depth(value)
    assert jsonsafe.nesting_depth(json.dumps(value, ensure_ascii=False)) == depth(value)


def test_deep_values_are_refused_before_parsing() -> None:
    with pytest.raises(jsonsafe.UnsafeJson, match="deeper"):
        jsonsafe.loads("[" * 100_000 + "]" * 100_000)
    assert jsonsafe.loads('{"a": ["[[[[", "\\"]]]"]}') == {"a": ["[[[[", '"]]]']}

"""The json-formula 2.0.0 specification's own examples for the constructs the C2PA asset rubrics use.

Each case is (section, expression, data, expected), copied from the specification's examples: identifiers
and quoted names (6), JSON, string and number literals (5), comparison, numeric, concatenation, array and
boolean operators (7), chained, bracket, index, slice, flatten, projection, paren, array, object, wildcard,
current-node, filter and pipe expressions (8), the type coercions they lean on (2.1, 2.2), and the
functions the rubrics call (9.3: contains, endsWith, startsWith, length, keys, values, notNull, split,
if, type, join) with a few neighbours this interpreter also implements.
"""

from __future__ import annotations

from typing import Any

import pytest

from provenance.jsonformula import evaluate

ITEMS = {
    "items": [
        {"desc": "pens", "price": 3.23},
        {"desc": "pencils", "price": 1.34},
        {"desc": "staplers", "price": 10.79},
    ]
}
FAMILY = {"family": [{"name": "frank", "age": 22}, {"name": "jane", "age": 23}]}
FOO_BAR = {"foo": [{"bar": ["first1", "second1"]}, {"bar": ["first2", "second2"]}]}

EXAMPLES: list[tuple[str, str, Any, Any]] = [
    # 1 Notation / 6 Identifiers
    ("1", "foo", {"foo": "bar"}, "bar"),
    ("6", "foo", {"foo": "value"}, "value"),
    ("6", "bar", {"foo": "value"}, None),
    ("6", "foo", {"foo": [0, 1, 2]}, [0, 1, 2]),
    ("6", "'with space'", {"with space": "value"}, "value"),
    ("6", """'special chars: !@#"'""", {'special chars: !@#"': "value"}, "value"),
    ("6", "'quote\\'char'", {"quote'char": "value"}, "value"),
    ("6", "'\\u2713'", {"\u2713": "value"}, "value"),
    # 5 Literals
    ("5.1", '`"foo"`', {}, "foo"),
    ("5.1", '`"foo\\`bar"`', {}, "foo`bar"),
    ("5.1", "`[1, 2]`", {}, [1, 2]),
    ("5.1", "`true`", {}, True),
    ("5.1", '`{"a": "b"}`.a', {}, "b"),
    ("5.1", '{first: a, type: `"mytype"`}', {"a": "b", "c": "d"}, {"first": "b", "type": "mytype"}),
    ("5.2", '"foo"', {}, "foo"),
    ("5.3", "44", {}, 44),
    ("5.3", "[12, 13]", {}, [12, 13]),
    ("5.3", "{a: 12, b: 13}", {}, {"a": 12, "b": 13}),
    ("5.3", "foo | [1]", {"foo": [3, 4, 5]}, 4),
    ("5.3", "foo | @[-1]", {"foo": [3, 4, 5]}, 5),
    ("5.3", "foo | [1, 2]", {"foo": [3, 4, 5]}, [1, 2]),
    ("5.3", "6 / 3", {}, 2),
    ("5.3", "1e2", {}, 100),
    # 2.1 / 2.2 Type coercion
    ("2.1", '"abc" & 123', {}, "abc123"),
    ("2.1", '"123" * 2', {}, 246),
    ("2.1", "[1,2,3] ~ 4", {}, [1, 2, 3, 4]),
    ("2.1", '123 < "124"', {}, True),
    ("2.1", '"23" > 111', {}, False),
    ("2.1", '1 == "1"', {}, False),
    ("2.2", '"truth is " & `true`', {}, "truth is true"),
    ("2.2", "2 + `true`", {}, 3),
    # 7.1 Comparison, 7.2 numeric, 7.3 concatenation, 7.4 array operands
    ("7.2", "left + right", {"left": 8, "right": 12}, 20),
    ("7.2", "right - left - 10", {"left": 8, "right": 12}, -6),
    ("7.2", "4 + 2 * 4", {}, 12),
    ("7.2", "10 / 2 * 3", {}, 15),
    ("7.3", "left & value & right", {"left": "[", "right": "]", "value": "abc"}, "[abc]"),
    ("7.4", "[1,2,3] + [2,3,4]", {}, [3, 5, 7]),
    ("7.4", "[1,2,3,4] * [1,2,3]", {}, [1, 4, 9, 0]),
    ("7.4", '[1,2,3,4] & "%"', {}, ["1%", "2%", "3%", "4%"]),
    ("7.4.1", "a ~ b", {"a": [0, 1, 2], "b": [3, 4, 5]}, [0, 1, 2, 3, 4, 5]),
    ("7.4.1", "a ~ b", {"a": [[0, 1, 2]], "b": [[3, 4, 5]]}, [[0, 1, 2], [3, 4, 5]]),
    ("7.4.1", "a[] ~ b[]", {"a": [[0, 1, 2]], "b": [[3, 4, 5]]}, [0, 1, 2, 3, 4, 5]),
    ("7.4.1", "a ~ 10", {"a": [0, 1, 2]}, [0, 1, 2, 10]),
    ("7.4.1", "a ~ `null`", {"a": [0, 1, 2]}, [0, 1, 2, None]),
    # 7.5 Boolean operators, 7.6 unary operators
    ("7.5.1", "foo || bar", {"foo": "foo-value"}, "foo-value"),
    ("7.5.1", "foo || bar", {"bar": "bar-value"}, "bar-value"),
    ("7.5.1", "foo || bar", {"foo": "foo-value", "bar": "bar-value"}, "foo-value"),
    ("7.5.1", "foo || bar", {"baz": "baz-value"}, None),
    ("7.5.1", "foo || bar || baz", {"baz": "baz-value"}, "baz-value"),
    ("7.5.1", "override || myarray[-1]", {"myarray": ["one", "two"]}, "two"),
    ("7.5.1", "override || myarray[-1]", {"myarray": ["one", "two"], "override": "yes"}, "yes"),
    ("7.5.1", "true() || if()", {}, True),
    ("7.5.2", "True && False", {"True": True, "False": False}, False),
    ("7.5.2", "Number && EmptyList", {"Number": 5, "EmptyList": []}, []),
    (
        "7.5.2",
        "foo[?a == `1` && b == `2`]",
        {"foo": [{"a": 1, "b": 2}, {"a": 1, "b": 3}]},
        [{"a": 1, "b": 2}],
    ),
    ("7.5.2", "false() && if()", {}, False),
    ("7.6.1", "!True", {"True": True}, False),
    ("7.6.1", "!False", {"False": False}, True),
    ("7.6.1", "!Number", {"Number": 5}, False),
    ("7.6.1", "!EmptyList", {"EmptyList": []}, True),
    ("7.6.2", "-11", {}, -11),
    ("7.6.2", "-n", {"n": 5, "nn": -10}, -5),
    ("7.6.2", "-nn", {"n": 5, "nn": -10}, 10),
    ("7.6.2", "--n", {"n": 5, "nn": -10}, 5),
    # 8.1 Chained expressions
    ("8.1", "foo.bar", {"foo": {"bar": "baz"}}, "baz"),
    ("8.1", "foo.bar", {"foo": {"bar": "value"}}, "value"),
    ("8.1", "foo.'bar'", {"foo": {"bar": "value"}}, "value"),
    ("8.1", "foo.bar", {"foo": {"baz": "value"}}, None),
    ("8.1", "foo.bar.baz", {"foo": {"bar": {"baz": "value"}}}, "value"),
    # 8.2 Bracket expressions: index, slice, flatten
    ("8.2.1", "a[1]", {"a": [5, 6, 7, 8, 9]}, 6),
    ("8.2.1", "a[-2]", {"a": [5, 6, 7, 8, 9]}, 8),
    ("8.2.1", "[0]", ["first", "second", "third"], "first"),
    ("8.2.1", "[-1]", ["first", "second", "third"], "third"),
    ("8.2.1", "[100]", ["first", "second", "third"], None),
    ("8.2.1", "foo[0]", {"foo": ["first", "second", "third"]}, "first"),
    ("8.2.1", "foo[100]", {"foo": ["first", "second", "third"]}, None),
    ("8.2.1", "foo[0][0]", {"foo": [[0, 1], [1, 2]]}, 0),
    ("8.2.2", "[0:4:1]", [0, 1, 2, 3], [0, 1, 2, 3]),
    ("8.2.2", "[0:4]", [0, 1, 2, 3], [0, 1, 2, 3]),
    ("8.2.2", "[0:3]", [0, 1, 2, 3], [0, 1, 2]),
    ("8.2.2", "[:2]", [0, 1, 2, 3], [0, 1]),
    ("8.2.2", "[::2]", [0, 1, 2, 3], [0, 2]),
    ("8.2.2", "[::-1]", [0, 1, 2, 3], [3, 2, 1, 0]),
    ("8.2.2", "[-2:]", [0, 1, 2, 3], [2, 3]),
    ("8.2.3", "foo[]", {"foo": [[0, 1], [1, 2], 3]}, [0, 1, 1, 2, 3]),
    ("8.2.3", "foo[]", {"foo": [[0, 1], [1, 2], [3, [4, 5]]]}, [0, 1, 1, 2, 3, [4, 5]]),
    ("8.2.3", "foo[][]", {"foo": [[0, 1], [1, 2], [3, [4, 5]]]}, [0, 1, 1, 2, 3, 4, 5]),
    # 8.3 Projections
    ("8.3", "items[*].desc", ITEMS, ["pens", "pencils", "staplers"]),
    ("8.3", "items[].*", ITEMS, [["pens", 3.23], ["pencils", 1.34], ["staplers", 10.79]]),
    ("8.3", "items[0:2].price * 2", ITEMS, [6.46, 2.68]),
    ("8.3", "items[?price < 3]", ITEMS, [{"desc": "pencils", "price": 1.34}]),
    # 8.4 Paren expressions
    ("8.4", "foo[?(a == 1 || b == 2) && c == 5]", {"foo": [{"a": 1, "b": 2, "c": 3}, {"a": 3, "b": 4}]}, []),
    # 8.5 Array expressions, 8.6 object expressions
    ("8.5", "[foo,bar]", {"foo": "a", "bar": "b", "baz": "c"}, ["a", "b"]),
    ("8.5", "[foo,bar[0]]", {"foo": "a", "bar": ["b"], "baz": "c"}, ["a", "b"]),
    ("8.5", "[foo,bar.baz]", {"foo": "a", "bar": {"baz": "b"}}, ["a", "b"]),
    ("8.5", "[foo,baz]", {"foo": "a", "bar": "b"}, ["a", None]),
    ("8.5", '[n, "doubled", n * 2]', {"n": 4}, [4, "doubled", 8]),
    ("8.6", "{foo: foo, bar: bar}", {"foo": "a", "bar": "b", "baz": "c"}, {"foo": "a", "bar": "b"}),
    ("8.6", "{foo: foo, firstbar: bar[0]}", {"foo": "a", "bar": ["b"]}, {"foo": "a", "firstbar": "b"}),
    (
        "8.6",
        "{foo: foo, 'bar.baz': bar.baz}",
        {"foo": "a", "bar": {"baz": "b"}},
        {"foo": "a", "bar.baz": "b"},
    ),
    ("8.6", "{foo: foo, baz: baz}", {"foo": "a", "bar": "b"}, {"foo": "a", "baz": None}),
    ("8.6", "{foo: foo, foo: 42}", {"foo": "a", "bar": "b"}, {"foo": 42}),
    # 8.7 Wildcards, 8.8 current node
    ("8.7", "[*].foo", [{"foo": 1}, {"foo": 2}, {"foo": 3}], [1, 2, 3]),
    ("8.7", "[*].foo", [{"foo": 1}, {"foo": 2}, {"bar": 3}], [1, 2, None]),
    ("8.7", "*.foo", {"a": {"foo": 1}, "b": {"foo": 2}, "c": {"bar": 1}}, [1, 2, None]),
    ("8.8", "@.family[0].name", FAMILY, "frank"),
    ("8.8", "family[?@.age == 23]", FAMILY, [{"name": "jane", "age": 23}]),
    ("8.8", "family[?age == 23]", FAMILY, [{"name": "jane", "age": 23}]),
    # 8.9 Filters
    (
        "8.9",
        "foo[?a < b]",
        {
            "foo": [
                {"a": "char", "b": "bar"},
                {"a": 2, "b": 1},
                {"a": 1, "b": 2},
                {"a": False, "b": "1"},
                {"a": 10, "b": "12"},
            ]
        },
        [{"a": 1, "b": 2}, {"a": False, "b": "1"}, {"a": 10, "b": "12"}],
    ),
    ("8.9", "foo[?bar==10]", {"foo": [{"bar": 1}, {"bar": 10}]}, [{"bar": 10}]),
    ("8.9", "[?bar==10]", [{"bar": 1}, {"bar": 10}], [{"bar": 10}]),
    ("8.9", "foo[?a==b]", {"foo": [{"a": 1, "b": 2}, {"a": 2, "b": 2}]}, [{"a": 2, "b": 2}]),
    # 8.10 Pipes
    ("8.10", "foo[*].bar", FOO_BAR, [["first1", "second1"], ["first2", "second2"]]),
    ("8.10", "foo[*].bar[0]", FOO_BAR, ["first1", "first2"]),
    ("8.10", "foo[*].bar | [0]", FOO_BAR, ["first1", "second1"]),
    ("8.10", "foo | bar", {"foo": {"bar": "baz"}}, "baz"),
    ("8.10", "foo | [0]", {"foo": [0, 1, 2]}, 0),
    # 9.2 Function evaluation
    ("9.2", "abs(foo)", {"foo": -1, "bar": "2"}, 1),
    ("9.2", "abs(bar)", {"foo": -1, "bar": "2"}, 2),
    # 9.3 Function reference
    ("9.3.1", "abs(-1)", {}, 1),
    ("9.3.3", 'and(10 > 8, length("foo") < 5)', {}, True),
    ("9.3.3", 'and(`null`, length("foo") < 5)', {}, False),
    ("9.3.11", "contains([1, 2, 3, 4], 2)", {}, True),
    ("9.3.11", "contains([1, 2, 3, 4], -1)", {}, False),
    ("9.3.11", 'contains("Abcd", "d")', {}, True),
    ("9.3.11", 'contains("Abcd", "x")', {}, False),
    ("9.3.18", 'endsWith("Abcd", "d")', {}, True),
    ("9.3.18", 'endsWith("Abcd", "A")', {}, False),
    ("9.3.19", "entries({a: 1, b: 2})", {}, [["a", 1], ["b", 2]]),
    ("9.3.19", "entries([4,5])", {}, [["0", 4], ["1", 5]]),
    ("9.3.26", 'fromEntries([["a", 1], ["b", 2]])', {}, {"a": 1, "b": 2}),
    ("9.3.28", 'hasProperty({a: 1, b: 2}, "a")', {}, True),
    ("9.3.28", 'hasProperty(["apples", "oranges"], 3)', {}, False),
    ("9.3.28", 'hasProperty(`null`, "a")', {}, False),
    ("9.3.30", "if(true(), 1, 2)", {}, 1),
    ("9.3.30", "if(false(), 1, 2)", {}, 2),
    ("9.3.31", 'join(["a", "b", "c"], ",")', {}, "a,b,c"),
    ("9.3.31", 'join(["apples", "bananas"], " and ")', {}, "apples and bananas"),
    ("9.3.31", 'join([1, 2, 3, null()], "|")', {}, "1|2|3|null"),
    ("9.3.32", "keys({a : 3, b : 4})", {}, ["a", "b"]),
    ("9.3.33", 'left("Sale Price", 4)', {}, "Sale"),
    ("9.3.33", 'left("Sweden")', {}, "S"),
    ("9.3.33", "left([4, 5, 6], 2)", {}, [4, 5]),
    ("9.3.34", "length(`[]`)", {}, 0),
    ("9.3.34", 'length("")', {}, 0),
    ("9.3.34", 'length("abcd")', {}, 4),
    ("9.3.34", "length([1, 2, 3, 4])", {}, 4),
    ("9.3.34", "length(`{}`)", {}, 0),
    ("9.3.34", "length({a : 3, b : 4})", {}, 2),
    ("9.3.37", 'lower("E. E. Cummings")', {}, "e. e. cummings"),
    ("9.3.41", "merge({a: 1, b: 2}, {c : 3, d: 4})", {}, {"a": 1, "b": 2, "c": 3, "d": 4}),
    ("9.3.41", "merge({a: 1, b: 2}, {a : 3, d: 4})", {}, {"a": 3, "b": 2, "d": 4}),
    ("9.3.42", 'mid("Fluid Flow", 0, 5)', {}, "Fluid"),
    ("9.3.42", 'mid("Fluid Flow", 6, 20)', {}, "Flow"),
    ("9.3.42", 'mid("Fluid Flow", 20, 5)', {}, ""),
    ("9.3.42", "mid([0,1,2,3,4,5,6,7,8,9], 2, 3)", {}, [2, 3, 4]),
    ("9.3.50", "notNull(1, 2, 3, 4, `null`)", {}, 1),
    ("9.3.50", "notNull(`null`, 2, 3, 4, `null`)", {}, 2),
    ("9.3.73", 'startsWith("jack is at home", "jack")', {}, True),
    # split, type and values: the behaviour their descriptions give
    ("9.3.71", 'split("a,b,c", ",")', {}, ["a", "b", "c"]),
    ("9.3.71", 'split("abc", "")', {}, ["a", "b", "c"]),
    ("9.3.87", "type(`1.0`)", {}, "number"),
    ("9.3.87", 'type("abc")', {}, "string"),
    ("9.3.87", "type(`true`)", {}, "boolean"),
    ("9.3.87", "type(`null`)", {}, "null"),
    ("9.3.87", "type(`[]`)", {}, "array"),
    ("9.3.87", "type(`{}`)", {}, "object"),
    ("9.3.92", "values({a : 3, b : 4})", {}, [3, 4]),
]


@pytest.mark.parametrize(("section", "expression", "data", "expected"), EXAMPLES)
def test_the_specification_example_evaluates_as_specified(
    section: str, expression: str, data: Any, expected: Any
) -> None:
    assert evaluate(expression, data) == expected

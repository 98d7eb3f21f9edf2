"""The restricted expression language (engine.rules.expressions): what it allows, what it refuses,
ISO 8601 literals, and SafeScriptEngine inside a real SpiffWorkflow run."""
from __future__ import annotations

import contextlib
import datetime as dt
import os
import random
import tracemalloc
import uuid

import pytest
from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.parser import BpmnParser
from SpiffWorkflow.bpmn.specs.event_definitions.timer import TimerEventDefinition
from SpiffWorkflow.exceptions import WorkflowException
from SpiffWorkflow.util.task import TaskState

from engine.errors import ExpressionError, Problem
from engine.rules.expressions import (
    ALLOWED_FUNCTIONS,
    MAX_EXPRESSION_LENGTH,
    check_expression,
    evaluate_expression,
    is_iso8601_literal,
    literal_value,
)
from engine.spiff.script_engine import SafeScriptEngine

DATA = {
    "review_decision": "approve",
    "amount": 150_000_000,
    "ceiling": 200_000_000.0,
    "items": [1, 2, 3],
    "docs": {"telaah": True, "pengumuman": False, "nested": {"k": "v"}},
    "name": "Pokja Pemilihan",
    "empty": "",
    "none_value": None,
    "deadline": "2026-12-31",
    "sent_at": "2026-12-01T09:30:00+07:00",
    "flags": [True, True, False],
}


def ev(expression, names=None, **kwargs):
    return evaluate_expression(expression, DATA if names is None else names, **kwargs)


def refused(expression, *words, names=None):
    """Assert ``expression`` fails with ExpressionError whose problems mention every word."""
    with pytest.raises(ExpressionError) as info:
        evaluate_expression(expression, DATA if names is None else names)
    err = info.value
    assert err.problems, "an ExpressionError always carries problems"
    assert all(isinstance(p, Problem) for p in err.problems)
    text = " | ".join(p.message for p in err.problems)
    for word in words:
        assert word in text, f"{word!r} not in {text!r}"
    return err


def statically_refused(expression, *words):
    with pytest.raises(ExpressionError) as info:
        check_expression(expression, element_id="flow_1", line=42)
    err = info.value
    assert err.problems
    for p in err.problems:
        assert p.element_id == "flow_1" and p.line == 42
    text = " | ".join(p.message for p in err.problems)
    for word in words:
        assert word in text, f"{word!r} not in {text!r}"
    # The run-time entry point refuses it the same way, before evaluating anything.
    refused(expression, *words)
    return err


# --------------------------------------------------------------------------- allowed


@pytest.mark.parametrize(
    "expression, expected",
    [
        ('review_decision == "approve"', True),
        ('review_decision != "approve"', False),
        ("amount < ceiling", True),
        ("amount <= 150000000 < ceiling <= 200000000", True),
        ("amount > ceiling or amount >= 100", True),
        ("not docs['pengumuman']", True),
        ('docs["telaah"] and docs["pengumuman"]', False),
        ('docs["nested"]["k"]', "v"),
        ("items[0] + items[-1]", 4),
        ("items[1:]", [2, 3]),
        ("items[::-1]", [3, 2, 1]),
        ("2 in items", True),
        ("5 not in items", True),
        ('"Pokja" in name', True),
        ("none_value is None", True),
        ("empty is not None", True),
        ("1 + 2 * 3 - 4 / 2", 5.0),
        ("7 // 2", 3),
        ("7 % 3", 1),
        ("-amount", -150_000_000),
        ("+3", 3),
        ("2 ** 10", 1024),
        ("2 ** -1", 0.5),
        ("amount * 11 / 100", 16_500_000.0),
        ('"big" if amount > 100000000 else "small"', "big"),
        ("empty or 'default'", "default"),
        ("name and len(name)", 15),
        ("[1, 'a', None]", [1, "a", None]),
        ("(1, 2)", (1, 2)),
        ("{1, 2, 2}", {1, 2}),
        ("{'a': amount, 'b': [1]}", {"a": 150_000_000, "b": [1]}),
        ("'ab' + 'cd'", "abcd"),
        ("'ab' * 3", "ababab"),
        ("[0] * 3", [0, 0, 0]),
        ("True", True),
        ("None", None),
        ("3.5", 3.5),
        ("len(items)", 3),
        ("int('42') + int(2.9)", 44),
        ("float('2.5')", 2.5),
        ("str(12) + '!'", "12!"),
        ("bool(empty)", False),
        ("abs(-4)", 4),
        ("min(items)", 1),
        ("max(3, 9, 4)", 9),
        ("round(2.567, 2)", 2.57),
        ("round(2.5)", 2),
        ("sum(items)", 6),
        ("sum(items, 10)", 16),
        ("any(flags)", True),
        ("all(flags)", False),
        ("lower('SETUJU')", "setuju"),
        ("upper(review_decision)", "APPROVE"),
        ("date(deadline)", dt.date(2026, 12, 31)),
        ("date(sent_at)", dt.date(2026, 12, 1)),
        ("datetime(sent_at)", dt.datetime(2026, 12, 1, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=7)))),
        ("date(deadline) > date('2026-01-01')", True),
        ("days_between('2026-01-01', deadline)", 364),
        ("days_between(deadline, '2026-12-01')", -30),
        ("days_between(sent_at, deadline)", 30),
        ("str(date(deadline))", "2026-12-31"),
    ],
)
def test_allowed_expressions_evaluate(expression, expected):
    check_expression(expression)
    assert ev(expression) == expected


def test_short_circuit_does_not_evaluate_the_rest():
    # The right-hand sides would fail (unknown name, division by zero) if evaluated.
    assert ev("False and unknown_name") is False
    assert ev("True or unknown_name") is True
    assert ev("amount if amount else amount / 0") == 150_000_000
    assert ev("1 > 2 < unknown_name") is False


def test_whitespace_and_several_lines_are_accepted():
    assert ev('\n   review_decision == "approve"\n') is True
    assert ev('review_decision == "approve"\n  and amount > 0\n') is True
    assert ev('review_decision == "approve"  # komentar\n  and amount > 0  # komentar') is True


def test_unknown_name_is_an_error_naming_it():
    err = refused('review_decison == "approve"', "review_decison", "kolom 1")
    assert "tidak dikenal" in err.problems[0].message


def test_missing_none_reads_unknown_names_as_none():
    assert ev("unknown_name", missing="none") is None
    assert ev("unknown_name is None and amount > 0", missing="none") is True
    with pytest.raises(ValueError):
        ev("x", missing="ignore")


def test_data_names_shadow_nothing_dangerous():
    # A name that is also a function is just a data name; calls use the function table only.
    assert ev("len", {"len": 5}) == 5
    assert ev("len(x)", {"len": 5, "x": "abc"}) == 3
    # A callable smuggled into the data can never be called.
    refused("f(1)", "f", names={"f": print})


def test_element_id_is_put_on_runtime_problems():
    with pytest.raises(ExpressionError) as info:
        evaluate_expression("1 / 0", {}, element_id="gw_1")
    assert info.value.problems[0].element_id == "gw_1"


def test_allowed_functions_are_documented():
    assert set(ALLOWED_FUNCTIONS) == {
        "len", "int", "float", "str", "bool", "abs", "min", "max", "round", "sum", "any", "all",
        "lower", "upper", "date", "datetime", "days_between",
    }
    assert all(ALLOWED_FUNCTIONS.values())
    assert "now" not in ALLOWED_FUNCTIONS and "today" not in ALLOWED_FUNCTIONS


# --------------------------------------------------------------------------- refused syntax


@pytest.mark.parametrize(
    "expression, words",
    [
        ("__import__('os').system('id')", ["pemanggilan fungsi '__import__'", "kolom 1", ".system"]),
        ("().__class__.__bases__[0].__subclasses__()", ["atribut '.__class__'", "kolom 3", "__subclasses__"]),
        ("open('/etc/passwd').read()", ["pemanggilan fungsi 'open'", ".read()"]),
        ("exec('x')", ["pemanggilan fungsi 'exec'"]),
        ("eval('1')", ["pemanggilan fungsi 'eval'"]),
        ("compile('1', 'f', 'eval')", ["pemanggilan fungsi 'compile'"]),
        ("getattr(x, 'y')", ["pemanggilan fungsi 'getattr'"]),
        ("globals()", ["pemanggilan fungsi 'globals'"]),
        ("type(x)", ["pemanggilan fungsi 'type'"]),
        ("lambda: 1", ["lambda"]),
        ("(lambda: 1)()", ["lambda", "bukan nama fungsi"]),
        ("[x for x in y]", ["list comprehension"]),
        ("{x for x in y}", ["set comprehension"]),
        ("{x: 1 for x in y}", ["dict comprehension"]),
        ("any(x for x in y)", ["generator expression"]),
        ("(y := 1)", ["walrus"]),
        ("f'{x}'", ["f-string"]),
        ("f'{x:{__import__(\"os\").system(\"id\")}}'", ["f-string", "'__import__'", ".system"]),
        ("f'{x!r:>10}'", ["f-string"]),
        ("a.b", ["atribut '.b'", "kolom 2"]),
        ("name.upper()", ["metode '.upper()'", "kolom 5"]),
        ("items[0].__class__", ["atribut '.__class__'"]),
        ("max(*items)", ["unpacking '*'"]),
        ("[*items]", ["unpacking '*'"]),
        ("{**docs}", ["unpacking '**'"]),
        ("max(items, key=len)", ["argumen bernama 'key='"]),
        ("len(**docs)", ["unpacking '**'"]),
        ("__builtins__", ["'__builtins__'"]),
        ("1 << 10", ["operator '<<'"]),
        ("amount & 1", ["operator '&'"]),
        ("docs | docs", ["operator '|'"]),
        ("~amount", ["operator '~'"]),
        ("b'bytes'", ["bytes"]),
        ("1j", ["imajiner"]),
        ("...", ["Ellipsis"]),
        ("len(items, items)", ["'len' menerima 1 argumen, diberi 2"]),
        ("days_between(deadline)", ["'days_between' menerima 2 argumen, diberi 1"]),
        ("items[1:2, 3]", ["slice"]),
        ("x = 1", ["sintaks salah"]),
        ("import os", ["sintaks salah"]),
        ("x ==", ["sintaks salah", "kolom 5"]),
        ("", ["kosong"]),
        ("   ", ["kosong"]),
    ],
)
def test_disallowed_constructs_are_refused_naming_them(expression, words):
    err = statically_refused(expression, *words)
    assert all(p.message.startswith("Ekspresi") for p in err.problems)


def test_the_brief_message_shape():
    with pytest.raises(ExpressionError) as info:
        check_expression("__import__('os').system('id')", element_id="Flow_1")
    first = info.value.problems[0]
    assert first.message.startswith("Ekspresi tidak diizinkan: pemanggilan fungsi '__import__' (kolom 1)")
    assert first.element_id == "Flow_1"
    assert info.value.to_dict()["problems"][0]["element_id"] == "Flow_1"


def test_positions_count_characters_and_lines():
    err = statically_refused('"é" + a.b', "kolom 8")
    err = statically_refused('x == 1\nand y.z', "baris 2, kolom 6")
    assert len(err.problems) == 1


def test_non_string_expression_is_refused():
    with pytest.raises(ExpressionError):
        check_expression(None)  # type: ignore[arg-type]
    with pytest.raises(ExpressionError):
        evaluate_expression(42, {})  # type: ignore[arg-type]


# --------------------------------------------------------------------------- limits


# Doing the refused work would build values of hundreds of megabytes (or gigabytes); a
# refusal before the work allocates next to nothing. What refusing costs in time is
# measured by bench/expression_limits.py, not asserted here.
REFUSAL_MEMORY_LIMIT = 2_000_000  # bytes allocated at the peak, parse and messages included


@contextlib.contextmanager
def refused_before_the_work():
    """Assert the block allocates at most REFUSAL_MEMORY_LIMIT bytes at its peak."""
    tracemalloc.start()
    try:
        yield
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < REFUSAL_MEMORY_LIMIT, f"{peak:,} bytes allocated: the work was done, not refused"


@pytest.mark.parametrize(
    "expression, words",
    [
        ("'a' * 10**9", ["terlalu besar"]),
        ("10**9 * 'a'", ["terlalu besar"]),
        ("[1] * 10**9", ["terlalu besar"]),
        ("(1, 2) * 10**9", ["terlalu besar"]),
        ("9**9**9", ["pangkat terlalu besar"]),
        ("2 ** 5000", ["pangkat terlalu besar"]),
        ("999 ** 999", ["terlalu besar"]),
        ("10**1000 * 10**1000", ["terlalu besar"]),
        ("2.0 ** 1000 * 2.0 ** 1000 > 1 if False else 10.0 ** 400", ["terlalu besar"]),
        ("'%s' % 1", ["'%'"]),
        ("'%*d' % (10**8, 1)", ["'%'"]),
        ("str([[1] * 400] * 400)", ["terlalu besar"]),
        ("1 / 0", ["pembagian dengan nol"]),
        ("date('kemarin')", ["date()", "kemarin"]),
        ("round(5, -10**6)", ["round()"]),
        ("int('1' * 500)", ["int()"]),
    ],
)
def test_constant_abuse_is_refused_at_deploy_time(expression, words):
    with refused_before_the_work():
        statically_refused(expression, *words)


@pytest.mark.parametrize(
    "expression, names, words",
    [
        ("s * n", {"s": "a", "n": 10**9}, ["terlalu besar"]),
        ("l * n", {"l": [1, 2], "n": 10**9}, ["terlalu besar"]),
        ("s + s", {"s": "a" * 60_000}, ["terlalu besar"]),
        ("[s] * 10", {"s": "a" * 20_000}, ["terlalu besar"]),
        ("n ** n", {"n": 9**9}, ["pangkat terlalu besar"]),
        ("n ** 3", {"n": 2**2000}, ["terlalu besar"]),
        ("str(l)", {"l": ["a" * 1000] * 1000}, ["terlalu besar"]),
        ("s % n", {"s": "%*d", "n": (10**8, 1)}, ["'%'"]),
        ("sum(l, [])", {"l": [[1]] * 10}, ["sum()"]),
        ("sum(l)", {"l": ["a", "b"]}, ["sum()"]),
    ],
)
def test_runtime_abuse_is_refused_quickly(expression, names, words):
    check_expression(expression)
    with refused_before_the_work():
        refused(expression, *words, names=names)


def test_length_nodes_and_depth_are_limited():
    statically_refused("x" * (MAX_EXPRESSION_LENGTH + 1), "terlalu panjang")
    statically_refused(" + ".join(["1"] * 400), "")
    statically_refused("-" * 1_000 + "1", "bersarang")
    statically_refused("not " * 300 + "x", "bersarang")
    statically_refused("[" * 300 + "]" * 300, "sintaks")
    statically_refused("x" + "[0]" * 400, "")
    # Realistic conditions are nowhere near the limits.
    check_expression(" or ".join(f'status == "s{i}"' for i in range(40)))


@pytest.mark.parametrize(
    "expression, names, words",
    [
        ("1 + 'a'", {}, ["operator '+'", "bilangan bulat (int)", "teks (str)"]),
        ("x < 'a'", {"x": 1}, ["perbandingan '<'"]),
        ("x['k']", {"x": 5}, ["tidak dapat diindeks"]),
        ("x['k']", {"x": {}}, ["kunci 'k' tidak ada"]),
        ("x[5]", {"x": [1]}, ["indeks 5 di luar jangkauan"]),
        ("x['a']", {"x": [1]}, ["tidak dapat diindeks"]),
        ("x[1:'a']", {"x": [1]}, ["irisan"]),
        ("x[::0]", {"x": [1]}, ["nilai tidak valid"]),
        ("len(5)", {}, ["len()"]),
        ("int('abc')", {}, ["int()"]),
        ("int(x)", {"x": None}, ["None"]),
        ("float(x)", {"x": [1]}, ["float()"]),
        ("abs('a')", {}, ["abs()"]),
        ("min([])", {}, ["min()"]),
        ("max(1, 'a')", {}, ["max()"]),
        ("lower(5)", {}, ["lower()"]),
        ("upper(None)", {}, ["upper()"]),
        ("round(x, 'a')", {"x": 1.5}, ["round()"]),
        ("date(5)", {}, ["date()"]),
        ("datetime('31/12/2026')", {}, ["datetime()"]),
        ("days_between(x, y)", {"x": "2026-01-01", "y": 5}, ["date()"]),
        ("date(x) < datetime(x)", {"x": "2026-01-01"}, ["perbandingan '<'"]),
        ("{x: 1}", {"x": [1]}, ["kesalahan tipe"]),
        ("{x}", {"x": {}}, ["kesalahan tipe"]),
        ("x in 5", {"x": 1}, ["perbandingan 'in'"]),
        ("-x", {"x": "a"}, ["operator '-'"]),
        ("x ** 0.5 + 1", {"x": -8}, ["kompleks"]),
        ("x / y", {"x": 1, "y": 0}, ["pembagian dengan nol"]),
        ("x // y", {"x": 1, "y": 0}, ["pembagian dengan nol"]),
        ("x % y", {"x": 1, "y": 0}, ["pembagian dengan nol"]),
        ("x * 1.0", {"x": 10**400}, ["terlalu besar"]),
    ],
)
def test_runtime_errors_are_expression_errors(expression, names, words):
    # (The ones without names, such as len(5), are already refused by check_expression.)
    refused(expression, *words, "kolom", names=names)


def test_deeply_nested_data_is_an_expression_error():
    deep: list = []
    for _ in range(100_000):
        deep = [deep]
    refused("x == y", "bersarang", names={"x": deep, "y": [deep]})


# --------------------------------------------------------------------------- ISO 8601 literals

LITERALS = [
    "P3D", "PT30M", "PT1H", "PT10M", "P1D", "P1Y2M10DT2H30M", "P2W", "PT1.5H", "P0D", "PT36H",
    "2026-12-31T23:59:00+07:00", "2026-12-31", "2026-12-31T23:59", "2026-12-31T23:59:00Z",
    "2026-12-31T23:59:00.5+0700",
    "R/P1M", "R5/2026-01-01T00:00:00Z/P1D", "R/P1D", "R3/P1W", "R/PT1H/2026-12-31T00:00:00Z",
]
NOT_LITERALS = [
    "", "P", "PT", "P1DT", "P1H", "PT1D", "P1W2D", "P1.5D2H", "p3d", "P 3D", "3D", "P-3D",
    "2026", "20261231", "2026-13-01", "2026-02-30", "2026-12-31T25:00", "2026-12-31 23:59",
    "R/", "R/P", "R/2026-01-01", "R5/2026-01-01/2026-02-01", "R/P1D/P2D", "RP1D",
    "x + 1", "review_decision", "PT1H or True", "P3D)",
]


@pytest.mark.parametrize("text", LITERALS)
def test_iso_literals_are_recognised(text):
    assert is_iso8601_literal(text)
    assert is_iso8601_literal(f"\n   {text}\n")
    assert literal_value(text) == text
    assert literal_value(f'"{text}"') == text
    assert literal_value(f"'{text}'") == text
    assert literal_value(f"  '{text}'  ") == text
    # They are literals, not expressions: 2026-12-31 is not 1983, R/P1M is not a division.
    check_expression(text)
    assert evaluate_expression(text, {}) == text
    assert evaluate_expression(f'"{text}"', {}) == text


@pytest.mark.parametrize("text", NOT_LITERALS)
def test_non_literals_are_not_recognised(text):
    assert not is_iso8601_literal(text)
    assert literal_value(text) is None
    assert literal_value(f'"{text}"') is None


def test_quoted_literals_are_not_plain_but_have_a_value():
    assert not is_iso8601_literal('"P3D"')
    assert literal_value('"P3D"') == "P3D"
    assert literal_value("'2026-12-31'") == "2026-12-31"
    assert literal_value("'P3D\"") is None
    assert literal_value("' P3D'") is None
    assert literal_value("hello") is None
    assert literal_value('"hello"') is None
    assert literal_value(None) is None  # type: ignore[arg-type]
    assert not is_iso8601_literal(None)  # type: ignore[arg-type]


@pytest.mark.parametrize("text", LITERALS)
def test_spiffworkflow_can_parse_every_literal(text):
    if text.startswith("R"):
        TimerEventDefinition.parse_iso_recurring_interval(text)
    else:
        TimerEventDefinition.parse_time_or_duration(text)


# --------------------------------------------------------------------------- robustness


_ALPHABET = list("abxyz_019 .,:;'\"()[]{}+-*/%<>=!&|^~@#\\\n\tPTRDHMSWYZ") + [
    "__", "lambda", " if ", " else ", " for ", " in ", " not ", " and ", " or ", "**", "//",
    "len(", "int(", "str(", "date(", "days_between(", "__import__", ".", "f'", "b'", ":=",
    "10**9", "'a'*", "[1]*", "9**9**", "None", "True", "2026-12-31", "P3D", "R/",
]


def _evaluate_only_expression_errors(text: str) -> None:
    names = {"a": 1, "b": "x", "x": [1, 2], "y": {"k": 1}, "z": None}
    try:
        check_expression(text)
    except ExpressionError:
        pass
    for missing in ("error", "none"):
        try:
            evaluate_expression(text, names, missing=missing)
        except ExpressionError:
            pass


def test_random_text_only_ever_raises_expression_error():
    rng = random.Random(20260105)
    for _ in range(3_000):
        text = "".join(rng.choice(_ALPHABET) for _ in range(rng.randint(0, 25)))
        _evaluate_only_expression_errors(text)


try:
    from hypothesis import given, settings
    from hypothesis import strategies as st
except ImportError:  # pragma: no cover - hypothesis is optional
    given = None

if given is not None:

    @settings(max_examples=400, deadline=None)
    @given(st.text(max_size=60) | st.lists(st.sampled_from(_ALPHABET), max_size=30).map("".join))
    def test_property_evaluate_never_raises_other_exceptions(text):
        _evaluate_only_expression_errors(text)

else:  # pragma: no cover

    def test_property_evaluate_never_raises_other_exceptions():
        pytest.skip("hypothesis is not installed")


# --------------------------------------------------------------------------- SpiffWorkflow

_BPMN = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                  id="defs" targetNamespace="http://alur.id/test">
  <bpmn:process id="review" name="Review" isExecutable="true">
    <bpmn:startEvent id="start"><bpmn:outgoing>f_start</bpmn:outgoing></bpmn:startEvent>
    <bpmn:userTask id="step_01" name="1. Review">
      <bpmn:incoming>f_start</bpmn:incoming><bpmn:outgoing>f_review</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:exclusiveGateway id="gw_decision" name="Disetujui?">
      <bpmn:incoming>f_review</bpmn:incoming>
      <bpmn:outgoing>f_approve</bpmn:outgoing><bpmn:outgoing>f_correct</bpmn:outgoing>
    </bpmn:exclusiveGateway>
    <bpmn:endEvent id="end_approved" name="Disetujui"><bpmn:incoming>f_approve</bpmn:incoming></bpmn:endEvent>
    <bpmn:endEvent id="end_corrected" name="Koreksi"><bpmn:incoming>f_correct</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f_start" sourceRef="start" targetRef="step_01"/>
    <bpmn:sequenceFlow id="f_review" sourceRef="step_01" targetRef="gw_decision"/>
    <bpmn:sequenceFlow id="f_approve" name="Setuju" sourceRef="gw_decision" targetRef="end_approved">
      <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">{approve}</bpmn:conditionExpression>
    </bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="f_correct" name="Koreksi" sourceRef="gw_decision" targetRef="end_corrected">
      <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">{correct}</bpmn:conditionExpression>
    </bpmn:sequenceFlow>
  </bpmn:process>
</bpmn:definitions>
"""


def _xml_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _workflow(approve: str, correct: str, engine: SafeScriptEngine | None = None) -> BpmnWorkflow:
    parser = BpmnParser()
    parser.add_bpmn_str(
        _BPMN.format(approve=_xml_escape(approve), correct=_xml_escape(correct)).encode("utf-8")
    )
    spec = parser.get_spec("review")
    workflow = BpmnWorkflow(spec, script_engine=engine or SafeScriptEngine())
    workflow.do_engine_steps()
    return workflow


def _complete_user_task(workflow: BpmnWorkflow, data: dict) -> None:
    [task] = workflow.get_tasks(state=TaskState.READY, manual=True)
    assert task.task_spec.bpmn_id == "step_01"
    task.data.update(data)
    task.run()
    workflow.do_engine_steps()


def _finished_end(workflow: BpmnWorkflow) -> str:
    ends = {
        t.task_spec.bpmn_id
        for t in workflow.get_tasks(state=TaskState.COMPLETED)
        if t.task_spec.bpmn_id in ("end_approved", "end_corrected")
    }
    assert len(ends) == 1, ends
    return ends.pop()


@pytest.mark.parametrize(
    "decision, amount, expected",
    [("approve", 10, "end_approved"), ("correct", 10, "end_corrected"), ("approve", 10**9, "end_corrected")],
)
def test_gateway_takes_the_right_branch(decision, amount, expected):
    workflow = _workflow(
        'review_decision == "approve" and amount <= 500000000',
        'review_decision == "correct" or amount > 500000000',
    )
    _complete_user_task(workflow, {"review_decision": decision, "amount": amount})
    assert workflow.is_completed()
    assert _finished_end(workflow) == expected


def test_gateway_condition_with_unknown_name_raises_workflow_task_exception():
    workflow = _workflow('review_decison == "approve"', 'review_decision == "correct"')
    with pytest.raises(WorkflowException) as info:
        _complete_user_task(workflow, {"review_decision": "approve"})
    assert "review_decison" in str(info.value)
    assert isinstance(info.value.__cause__, ExpressionError)
    assert isinstance(info.value.expression_error, ExpressionError)
    assert not workflow.is_completed()


def test_malicious_gateway_condition_runs_nothing(tmp_path):
    target = tmp_path / f"pwned_{uuid.uuid4().hex}"
    malicious = f"__import__('os').system('touch {target}')"
    with pytest.raises(ExpressionError):
        check_expression(malicious, element_id="f_approve")
    workflow = _workflow(malicious, 'review_decision == "correct"')
    with pytest.raises(WorkflowException) as info:
        _complete_user_task(workflow, {"review_decision": "approve"})
    assert "__import__" in str(info.value)
    assert not target.exists()
    assert not os.path.exists(f"/tmp/{target.name}")


def test_engine_evaluates_over_task_data_and_external_context():
    engine = SafeScriptEngine(context={"clock": "c"})
    assert engine.context == {"clock": "c"}
    workflow = _workflow('review_decision == "approve"', 'review_decision == "correct"', engine)
    [task] = workflow.get_tasks(state=TaskState.READY, manual=True)
    task.data.update({"a": 1, "shared": "task"})
    assert engine.evaluate(task, "a + b", external_context={"b": 2}) == 3
    assert engine.evaluate(task, "shared", external_context={"shared": "object"}) == "task"
    assert engine.evaluate(task, "PT1H") == "PT1H"
    assert engine.evaluate(task, "2026-12-31T23:59:00+07:00") == "2026-12-31T23:59:00+07:00"
    assert engine.evaluate(task, "date('2026-12-31')") == "2026-12-31"
    # The environment SpiffWorkflow sometimes calls directly is safe as well.
    with pytest.raises(ExpressionError):
        engine.environment.evaluate("__import__('os')", task.data)
    with pytest.raises(ExpressionError):
        engine.environment.execute("x = 1", task.data)
    assert SafeScriptEngine(missing="none").evaluate(task, "nothing_here") is None


def test_engine_refuses_scripts_and_services():
    engine = SafeScriptEngine()
    workflow = _workflow('review_decision == "approve"', 'review_decision == "correct"', engine)
    [task] = workflow.get_tasks(state=TaskState.READY, manual=True)
    with pytest.raises(WorkflowException) as info:
        engine.execute(task, "x = 1")
    assert isinstance(info.value.__cause__, ExpressionError)
    assert "x" not in task.data
    with pytest.raises(WorkflowException):
        engine.call_service(task, operation_name="anything")
    engine.validate('review_decision == "approve"')
    engine.validate("P3D")
    with pytest.raises(ExpressionError):
        engine.validate("open('x')")


_TIMER_BPMN = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                  id="defs" targetNamespace="http://alur.id/test">
  <bpmn:process id="wait" isExecutable="true">
    <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:intermediateCatchEvent id="timer">
      <bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing>
      <bpmn:timerEventDefinition><{kind} xsi:type="bpmn:tFormalExpression">{value}</{kind}></bpmn:timerEventDefinition>
    </bpmn:intermediateCatchEvent>
    <bpmn:endEvent id="end"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="timer"/>
    <bpmn:sequenceFlow id="f2" sourceRef="timer" targetRef="end"/>
  </bpmn:process>
</bpmn:definitions>
"""


@pytest.mark.parametrize(
    "kind, value, fired",
    [
        ("bpmn:timeDuration", "PT1H", False),
        ("bpmn:timeDuration", "'P3D'", False),
        ("bpmn:timeDate", "2000-01-01T00:00:00+07:00", True),
        ("bpmn:timeDate", "2999-12-31", False),
    ],
)
def test_unquoted_timer_literals_work_in_spiffworkflow(kind, value, fired):
    parser = BpmnParser()
    parser.add_bpmn_str(_TIMER_BPMN.format(kind=kind, value=value).encode("utf-8"))
    workflow = BpmnWorkflow(parser.get_spec("wait"), script_engine=SafeScriptEngine())
    workflow.do_engine_steps()
    workflow.refresh_timers()
    workflow.do_engine_steps()
    assert workflow.is_completed() is fired

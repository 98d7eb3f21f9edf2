"""Benchmark 7b (correctness): gateways and sub-processes inside a loop, with and without
Alur's compaction of the task tree (``engine.compaction.compact``).

Three small processes, each a loop taken ``--iterations`` times (a review step decides to go
round again until ``n`` reaches the limit):

* ``parallel``: parallel split to steps ``a`` and ``b`` (``b`` has a boundary timer), parallel join;
* ``inclusive``: step ``a``, inclusive split to ``c`` (always) and ``d`` (when ``n`` is even), join;
* ``subprocess``: step ``a``, then an embedded sub-process with one step.

Each run completes the ready steps in a random order (seeded), saving and restoring the workflow
with SpiffWorkflow's serializer after every step, as a server would. A run is *correct* when every
iteration did exactly the steps it should (both branches of the parallel split; ``c``, and ``d`` on
even iterations, for the inclusive one) and the process ended. Reported: correct / wrong / failed
runs, plain SpiffWorkflow 3.2 against the same with compaction before each save.
"""
from __future__ import annotations

import random
from collections import Counter

from .common import base_parser, write_results

HEAD = ('<?xml version="1.0" encoding="UTF-8"?><bpmn:definitions '
        'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="d" targetNamespace="x">'
        '<bpmn:process id="loop" isExecutable="true">')
TAIL = '</bpmn:process></bpmn:definitions>'
LOOP = ('<bpmn:startEvent id="start"/><bpmn:exclusiveGateway id="merge"/>'
        '<bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="merge"/>'
        '<bpmn:userTask id="review"/><bpmn:exclusiveGateway id="gw"/><bpmn:endEvent id="end"/>'
        '<bpmn:sequenceFlow id="f14" sourceRef="review" targetRef="gw"/>'
        '<bpmn:sequenceFlow id="f15" sourceRef="gw" targetRef="merge">'
        '<bpmn:conditionExpression>n &lt; limit</bpmn:conditionExpression></bpmn:sequenceFlow>'
        '<bpmn:sequenceFlow id="f16" sourceRef="gw" targetRef="end">'
        '<bpmn:conditionExpression>n &gt;= limit</bpmn:conditionExpression></bpmn:sequenceFlow>')
BODIES = {
    "parallel": (
        '<bpmn:parallelGateway id="split"/><bpmn:userTask id="a"/><bpmn:userTask id="b"/>'
        '<bpmn:boundaryEvent id="tb" attachedToRef="b" cancelActivity="false"><bpmn:timerEventDefinition>'
        '<bpmn:timeDuration xsi:type="bpmn:tFormalExpression">"P1D"</bpmn:timeDuration>'
        '</bpmn:timerEventDefinition></bpmn:boundaryEvent><bpmn:endEvent id="late_b"/>'
        '<bpmn:parallelGateway id="join"/>'
        '<bpmn:sequenceFlow id="f2" sourceRef="merge" targetRef="split"/>'
        '<bpmn:sequenceFlow id="f3" sourceRef="split" targetRef="a"/>'
        '<bpmn:sequenceFlow id="f4" sourceRef="split" targetRef="b"/>'
        '<bpmn:sequenceFlow id="f5" sourceRef="a" targetRef="join"/>'
        '<bpmn:sequenceFlow id="f6" sourceRef="b" targetRef="join"/>'
        '<bpmn:sequenceFlow id="f6t" sourceRef="tb" targetRef="late_b"/>'
        '<bpmn:sequenceFlow id="f7" sourceRef="join" targetRef="review"/>'),
    "inclusive": (
        '<bpmn:userTask id="a"/><bpmn:inclusiveGateway id="isplit"/><bpmn:userTask id="c"/>'
        '<bpmn:userTask id="d"/><bpmn:inclusiveGateway id="ijoin"/>'
        '<bpmn:sequenceFlow id="f2" sourceRef="merge" targetRef="a"/>'
        '<bpmn:sequenceFlow id="f2b" sourceRef="a" targetRef="isplit"/>'
        '<bpmn:sequenceFlow id="f9" sourceRef="isplit" targetRef="c">'
        '<bpmn:conditionExpression>True</bpmn:conditionExpression></bpmn:sequenceFlow>'
        '<bpmn:sequenceFlow id="f10" sourceRef="isplit" targetRef="d">'
        '<bpmn:conditionExpression>n % 2 == 0</bpmn:conditionExpression></bpmn:sequenceFlow>'
        '<bpmn:sequenceFlow id="f11" sourceRef="c" targetRef="ijoin"/>'
        '<bpmn:sequenceFlow id="f12" sourceRef="d" targetRef="ijoin"/>'
        '<bpmn:sequenceFlow id="f13" sourceRef="ijoin" targetRef="review"/>'),
    "subprocess": (
        '<bpmn:subProcess id="sub"><bpmn:startEvent id="s_start"/><bpmn:userTask id="s_task"/>'
        '<bpmn:endEvent id="s_end"/><bpmn:sequenceFlow id="sf1" sourceRef="s_start" targetRef="s_task"/>'
        '<bpmn:sequenceFlow id="sf2" sourceRef="s_task" targetRef="s_end"/></bpmn:subProcess>'
        '<bpmn:userTask id="a"/>'
        '<bpmn:sequenceFlow id="f2" sourceRef="merge" targetRef="a"/>'
        '<bpmn:sequenceFlow id="f3" sourceRef="a" targetRef="sub"/>'
        '<bpmn:sequenceFlow id="f7" sourceRef="sub" targetRef="review"/>'),
}


def expected(kind: str, n: int) -> Counter:
    """Steps iteration n (counting from 0) must do before its review."""
    if kind == "parallel":
        return Counter(["a", "b"])
    if kind == "inclusive":
        return Counter(["a", "c"] + (["d"] if n % 2 == 0 else []))
    return Counter(["a", "s_task"])


def run_once(kind: str, iterations: int, seed: int, compact) -> str:
    from lxml import etree
    from SpiffWorkflow.bpmn.parser.BpmnParser import BpmnParser
    from SpiffWorkflow.bpmn.serializer.workflow import BpmnWorkflowSerializer
    from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
    from SpiffWorkflow.util.task import TaskState

    parser = BpmnParser()
    parser.add_bpmn_xml(etree.fromstring((HEAD + LOOP + BODIES[kind] + TAIL).encode()), "loop.bpmn")
    serializer = BpmnWorkflowSerializer()
    wf = BpmnWorkflow(parser.get_spec("loop"), parser.get_subprocess_specs("loop"))
    wf.do_engine_steps()
    blob = serializer.serialize_json(wf)
    rnd = random.Random(seed)
    done, current, n = [], Counter(), 0
    try:
        for _ in range(iterations * 6 + 10):
            wf = serializer.deserialize_json(blob)
            ready = sorted(wf.get_tasks(state=TaskState.READY, manual=True), key=lambda t: t.task_spec.bpmn_id)
            if not ready:
                break
            task = rnd.choice(ready)
            ref = task.task_spec.bpmn_id
            task.data.setdefault("n", 0)
            task.data["limit"] = iterations
            if ref == "review":
                if current != expected(kind, n):
                    return "wrong"
                n += 1
                task.data["n"] = n
                current = Counter()
            else:
                current[ref] += 1
            done.append(ref)
            task.run()
            wf.do_engine_steps()
            if compact is not None:
                compact(wf)
            blob = serializer.serialize_json(wf)
        return "correct" if wf.is_completed() and n == iterations and not current else "wrong"
    except Exception as exc:  # noqa: BLE001 - a failure is a finding
        return f"failed ({type(exc).__name__})"


def main(argv=None) -> dict:
    parser = base_parser("loop_joins", __doc__.split("\n\n")[0])
    parser.add_argument("--iterations", type=int, default=None, help="loop iterations (default 40; quick 10)")
    parser.add_argument("--seeds", type=int, default=None, help="random completion orders (default 10; quick 4)")
    args = parser.parse_args(argv)
    iterations = args.iterations or (10 if args.quick else 40)
    seeds = args.seeds or (4 if args.quick else 10)
    try:
        from engine.spiff.compaction import compact
    except ImportError:
        compact = None
    results = {"benchmark": "loop_joins", "iterations": iterations, "seeds": seeds,
               "compaction": compact is not None, "rows": []}
    for kind in BODIES:
        for label, fn in (("SpiffWorkflow 3.2 alone", None), ("with engine.compaction", compact)):
            if label.startswith("with") and fn is None:
                continue
            outcomes = Counter(run_once(kind, iterations, seed, fn) for seed in range(seeds))
            results["rows"].append({"process": kind, "who": label, "outcomes": dict(outcomes)})
    report(results)
    write_results(args, results)
    return results


def report(results: dict) -> None:
    print(f"{results['iterations']} iterations, {results['seeds']} random completion orders each")
    for row in results["rows"]:
        print(f"{row['process']:11} {row['who']:24} {row['outcomes']}")


if __name__ == "__main__":
    main()

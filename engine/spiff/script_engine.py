"""SpiffWorkflow's script engine, evaluating only Alur's restricted expressions.

SpiffWorkflow's default ``PythonScriptEngine`` hands gateway conditions and timer
expressions to ``eval``/``exec``; :class:`SafeScriptEngine` gives them to
:mod:`engine.rules.expressions` instead and refuses scripts and service calls.
"""
from __future__ import annotations

import datetime as _dt
from collections import ChainMap
from typing import Any

from SpiffWorkflow.bpmn.exceptions import WorkflowTaskException
from SpiffWorkflow.bpmn.script_engine.python_engine import PythonScriptEngine
from SpiffWorkflow.bpmn.script_engine.python_environment import (
    BasePythonScriptEngineEnvironment,
)

from engine.errors import ExpressionError, Problem
from engine.rules.expressions import check_expression, evaluate_expression

__all__ = ["SafeEnvironment", "SafeScriptEngine"]


_SCRIPT_REFUSED = (
    "Skrip tidak diizinkan: Alur tidak menjalankan kode skrip dari diagram "
    "(scriptTask dan skrip pra/pasca ditolak saat deploy)"
)
_SERVICE_REFUSED = "Service task tidak diizinkan: Alur tidak memanggil layanan dari diagram"


class SafeEnvironment(BasePythonScriptEngineEnvironment):
    """A script environment without eval/exec.

    SpiffWorkflow sometimes calls ``script_engine.environment.evaluate``
    directly (process completion conditions, message correlation), so the
    environment itself must be safe, not only the engine.
    """

    def __init__(self, missing: str = "error"):
        super().__init__({})
        self.missing = missing

    def evaluate(self, expression, context, external_context=None):
        names = ChainMap(context or {}, external_context or {})
        return evaluate_expression(expression, names, missing=self.missing)

    def execute(self, script, context, external_context=None):
        raise ExpressionError(_SCRIPT_REFUSED, [Problem(message=_SCRIPT_REFUSED)])

    def call_service(self, context, **kwargs):
        raise ExpressionError(_SERVICE_REFUSED, [Problem(message=_SERVICE_REFUSED)])


class SafeScriptEngine(PythonScriptEngine):
    """SpiffWorkflow's script engine, evaluating only Alur's restricted expressions.

    * ``evaluate`` runs :func:`evaluate_expression` over ``task.data`` merged
      over ``external_context`` (the data objects); ISO 8601 literals give
      the literal string; a date/datetime result is returned as ISO text
      (what SpiffWorkflow's timers parse). Failures are raised as
      ``WorkflowTaskException`` with our message; the original
      :class:`ExpressionError` is its ``__cause__`` and its
      ``expression_error`` attribute.
    * ``execute`` and ``call_service`` always refuse.
    * ``validate`` is :func:`check_expression`.

    ``context`` is whatever the engine wants expressions' callers to reach
    (a clock, a business calendar); it is only stored as ``self.context``.
    """

    def __init__(self, *, context: Any = None, missing: str = "error"):
        if missing not in ("error", "none"):
            raise ValueError(f"missing must be 'error' or 'none', not {missing!r}")
        super().__init__(environment=SafeEnvironment(missing))
        self.context = context
        self.missing = missing

    def validate(self, expression):
        check_expression(expression)

    def evaluate(self, task, expression, external_context=None):
        try:
            result = self.environment.evaluate(expression, task.data, external_context)
        except ExpressionError as err:
            raise self._wrap(task, expression, err) from err
        if isinstance(result, (_dt.date, _dt.datetime)):
            return result.isoformat()
        return result

    def execute(self, task, script, external_context=None):
        err = ExpressionError(_SCRIPT_REFUSED, [Problem(message=_SCRIPT_REFUSED, element_id=_bpmn_id(task))])
        raise self._wrap(task, script, err) from err

    def call_service(self, task, **kwargs):
        err = ExpressionError(_SERVICE_REFUSED, [Problem(message=_SERVICE_REFUSED, element_id=_bpmn_id(task))])
        raise self._wrap(task, None, err) from err

    @staticmethod
    def _wrap(task, expression, err: ExpressionError) -> WorkflowTaskException:
        details = "; ".join(p.message for p in err.problems) or err.message
        if expression is not None:
            shown = expression if len(expression) <= 200 else expression[:200] + "…"
            message = f"Ekspresi {shown!r} gagal: {details}"
        else:
            message = details
        wte = WorkflowTaskException(message, task=task, exception=err)
        wte.expression_error = err
        return wte


def _bpmn_id(task) -> str | None:
    return getattr(getattr(task, "task_spec", None), "bpmn_id", None)

"""The engine's exceptions. The web layer maps each class to an HTTP status."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, saying what and where."""

    message: str
    element_id: str | None = None
    line: int | None = None
    field: str | None = None
    file: str | None = None

    def to_dict(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if v is not None}

    def __str__(self) -> str:
        where = []
        if self.file:
            where.append(self.file)
        if self.line is not None:
            where.append(f"baris {self.line}")
        if self.element_id:
            where.append(f"elemen {self.element_id}")
        if self.field:
            where.append(f"isian {self.field}")
        prefix = ", ".join(where)
        return f"{prefix}: {self.message}" if prefix else self.message


class AlurError(Exception):
    """Base class of every error the engine raises on purpose."""

    status = 400

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def to_dict(self) -> dict:
        return {"error": type(self).__name__, "message": self.message}


class ProblemsError(AlurError):
    """An error that carries a list of problems (element id, line, field)."""

    status = 422

    def __init__(self, message: str, problems: list[Problem] | None = None):
        super().__init__(message)
        self.problems: list[Problem] = list(problems or [])

    def to_dict(self) -> dict:
        out = super().to_dict()
        out["problems"] = [p.to_dict() for p in self.problems]
        return out

    def __str__(self) -> str:
        lines = [self.message] + [f"  - {p}" for p in self.problems]
        return "\n".join(lines)


class DeployError(ProblemsError):
    """A diagram could not be deployed; ``problems`` says why and where."""


class ExpressionError(ProblemsError):
    """An expression is outside the restricted language or failed to evaluate."""


class FormValidationError(ProblemsError):
    """Submitted task data does not satisfy the step's form."""


class NotFound(AlurError):
    status = 404


class NotAllowed(AlurError):
    status = 403


class Conflict(AlurError):
    """Someone else changed the same case or task first."""

    status = 409


class EngineFailure(AlurError):
    """The process itself cannot go on (a modelling error met at run time)."""

    status = 422

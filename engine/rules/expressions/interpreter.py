"""The interpreter: walks a checked syntax tree over the task data, under the limits."""
from __future__ import annotations

import ast
from collections.abc import Mapping
from typing import Any

from engine.errors import ExpressionError, Problem
from engine.rules.expressions.functions import FUNCTIONS
from engine.rules.expressions.limits import (
    MAX_EXPONENT,
    MAX_INT_BITS,
    MAX_SIZE,
    RUNTIME_TITLE,
    Refusal,
    check_size,
    describe_type,
    is_number,
    measure_size,
    refuse_size,
)
from engine.rules.expressions.syntax import BINOPS, CMPOPS, REFUSED_BINOPS, Source


class Interpreter:
    def __init__(self, source: Source, names: Mapping[str, Any], missing: str):
        self.source = source
        self.names = names
        self.missing = missing

    def fail(self, node: ast.AST, message: str) -> ExpressionError:
        return ExpressionError(
            f"{RUNTIME_TITLE}: {message}",
            [Problem(message=f"{RUNTIME_TITLE}: {message} ({self.source.where(node)})")],
        )

    def eval(self, node: ast.AST) -> Any:
        method = getattr(self, f"eval_{type(node).__name__}", None)
        if method is None:  # the static check refuses these first
            raise self.fail(node, f"konstruksi Python '{type(node).__name__}' tidak diizinkan")
        try:
            return method(node)
        except ExpressionError:
            raise
        except Refusal as err:
            raise self.fail(node, str(err)) from None
        except ZeroDivisionError:
            raise self.fail(node, "pembagian dengan nol") from None
        except OverflowError:
            raise self.fail(node, "bilangan terlalu besar") from None
        except RecursionError:
            raise self.fail(node, "data terlalu dalam bersarang") from None
        except MemoryError:
            raise self.fail(node, "kehabisan memori") from None
        except TypeError as err:
            raise self.fail(node, f"kesalahan tipe data: {err}") from None
        except ValueError as err:
            raise self.fail(node, f"nilai tidak valid: {err}") from None
        except Exception as err:
            raise self.fail(node, f"{type(err).__name__}: {err}") from None

    # literals and names --------------------------------------------------
    def eval_Constant(self, node: ast.Constant) -> Any:
        return node.value

    def eval_Name(self, node: ast.Name) -> Any:
        if node.id in self.names:
            return self.names[node.id]
        if self.missing == "none":
            return None
        raise self.fail(node, f"nama '{node.id}' tidak dikenal: tidak ada isian '{node.id}' di data")

    def eval_List(self, node: ast.List) -> list:
        return [self.eval(e) for e in node.elts]

    def eval_Tuple(self, node: ast.Tuple) -> tuple:
        return tuple(self.eval(e) for e in node.elts)

    def eval_Set(self, node: ast.Set) -> set:
        return {self.eval(e) for e in node.elts}

    def eval_Dict(self, node: ast.Dict) -> dict:
        out = {}
        for k, v in zip(node.keys, node.values):
            if k is None:
                raise self.fail(v, "unpacking '**' di dalam kamus tidak diizinkan")
            out[self.eval(k)] = self.eval(v)
        return out

    # operators -----------------------------------------------------------
    def eval_BoolOp(self, node: ast.BoolOp) -> Any:
        result = None
        if isinstance(node.op, ast.And):
            for value in node.values:
                result = self.eval(value)
                if not result:
                    return result
            return result
        for value in node.values:
            result = self.eval(value)
            if result:
                return result
        return result

    def eval_UnaryOp(self, node: ast.UnaryOp) -> Any:
        value = self.eval(node.operand)
        if isinstance(node.op, ast.Not):
            return not value
        if isinstance(node.op, (ast.USub, ast.UAdd)):
            if not is_number(value):
                symbol = "-" if isinstance(node.op, ast.USub) else "+"
                raise Refusal(f"operator '{symbol}' tidak dapat dipakai pada {describe_type(value)}")
            return -value if isinstance(node.op, ast.USub) else +value
        raise Refusal("operator tidak diizinkan")

    def eval_BinOp(self, node: ast.BinOp) -> Any:
        op = type(node.op)
        symbol = BINOPS.get(op)
        if symbol is None:
            raise Refusal(f"operator '{REFUSED_BINOPS.get(op, op.__name__)}' tidak diizinkan")
        left = self.eval(node.left)
        right = self.eval(node.right)
        try:
            return check_size(self._binop(op, symbol, left, right))
        except TypeError:
            raise Refusal(
                f"operator '{symbol}' tidak dapat dipakai pada {describe_type(left)} dan {describe_type(right)}"
            ) from None

    @staticmethod
    def _binop(op, symbol: str, left: Any, right: Any) -> Any:
        seq = (str, list, tuple)
        if op is ast.Add:
            if isinstance(left, seq) and isinstance(right, seq):
                if measure_size(left) + measure_size(right) > MAX_SIZE:
                    raise refuse_size("hasil '+'")
            return left + right
        if op is ast.Sub:
            return left - right
        if op is ast.Mult:
            if isinstance(left, int) and isinstance(right, seq):
                left, right = right, left
            if isinstance(left, seq):
                if not isinstance(right, int):
                    raise TypeError
                if right > 0 and measure_size(left, MAX_SIZE) * right > MAX_SIZE:
                    raise refuse_size("hasil '*'")
                return left * right
            if isinstance(left, int) and isinstance(right, int):
                if left.bit_length() + right.bit_length() > MAX_INT_BITS + 1:
                    raise Refusal(f"bilangan terlalu besar (lebih dari {MAX_INT_BITS} bit)")
            return left * right
        if op is ast.Div:
            return left / right
        if op is ast.FloorDiv:
            return left // right
        if op is ast.Mod:
            if not (is_number(left) and is_number(right)):
                if isinstance(left, (str, bytes)):
                    raise Refusal("pemformatan teks dengan '%' tidak diizinkan; gunakan + dan str()")
                raise TypeError
            return left % right
        if op is ast.Pow:
            if not (is_number(left) and is_number(right)):
                raise TypeError
            if abs(right) > MAX_EXPONENT:
                raise Refusal(f"pangkat terlalu besar (batas {MAX_EXPONENT})")
            if isinstance(left, int) and isinstance(right, int) and right > 0:
                # bits(base) * exponent bounds the result's size: refuse before computing.
                if max(left.bit_length(), 1) * right > 2 * MAX_INT_BITS:
                    raise Refusal(f"bilangan terlalu besar (lebih dari {MAX_INT_BITS} bit)")
            return left ** right
        raise Refusal(f"operator '{symbol}' tidak diizinkan")  # pragma: no cover

    def eval_Compare(self, node: ast.Compare) -> bool:
        left = self.eval(node.left)
        for op, comparator in zip(node.ops, node.comparators):
            right = self.eval(comparator)
            try:
                ok = self._compare(type(op), left, right)
            except TypeError:
                symbol = CMPOPS.get(type(op), "?")
                raise Refusal(
                    f"perbandingan '{symbol}' tidak dapat dipakai pada {describe_type(left)} dan {describe_type(right)}"
                ) from None
            if not ok:
                return False
            left = right
        return True

    @staticmethod
    def _compare(op, left: Any, right: Any) -> bool:
        if op is ast.Eq:
            return bool(left == right)
        if op is ast.NotEq:
            return bool(left != right)
        if op is ast.Lt:
            return bool(left < right)
        if op is ast.LtE:
            return bool(left <= right)
        if op is ast.Gt:
            return bool(left > right)
        if op is ast.GtE:
            return bool(left >= right)
        if op is ast.In:
            return left in right
        if op is ast.NotIn:
            return left not in right
        if op is ast.Is:
            return left is right
        if op is ast.IsNot:
            return left is not right
        raise Refusal("perbandingan tidak diizinkan")  # pragma: no cover

    def eval_IfExp(self, node: ast.IfExp) -> Any:
        return self.eval(node.body) if self.eval(node.test) else self.eval(node.orelse)

    # subscripts and calls --------------------------------------------------
    def eval_Subscript(self, node: ast.Subscript) -> Any:
        value = self.eval(node.value)
        if not isinstance(value, (Mapping, list, tuple, str)):
            raise Refusal(f"{describe_type(value)} tidak dapat diindeks dengan [...]")
        if isinstance(node.slice, ast.Slice):
            if isinstance(value, Mapping):
                raise Refusal("kamus tidak dapat diiris dengan [a:b]")
            parts = [None if p is None else self.eval(p)
                     for p in (node.slice.lower, node.slice.upper, node.slice.step)]
            for p in parts:
                if p is not None and (not isinstance(p, int) or isinstance(p, bool)):
                    raise Refusal(f"batas irisan harus bilangan bulat, bukan {describe_type(p)}")
            return value[slice(*parts)]
        key = self.eval(node.slice)
        try:
            return value[key]
        except KeyError:
            raise Refusal(f"kunci {key!r} tidak ada") from None
        except IndexError:
            raise Refusal(f"indeks {key!r} di luar jangkauan (panjang {len(value)})") from None
        except TypeError:
            raise Refusal(f"{describe_type(value)} tidak dapat diindeks dengan {describe_type(key)}") from None

    def eval_Call(self, node: ast.Call) -> Any:
        if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS:
            raise Refusal("pemanggilan fungsi ini tidak diizinkan")  # the static check refuses first
        if node.keywords:
            raise Refusal("argumen bernama tidak diizinkan")
        name = node.func.id
        func, least, most, _ = FUNCTIONS[name]
        args = [self.eval(a) for a in node.args]
        if len(args) < least or (most is not None and len(args) > most):
            raise Refusal(f"jumlah argumen {name}() salah")
        try:
            return check_size(func(*args))
        except (TypeError, ValueError) as err:
            raise Refusal(f"{name}() gagal: {err}") from None


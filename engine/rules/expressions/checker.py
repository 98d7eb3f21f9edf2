"""The static check: what an expression's syntax tree holds outside the language."""
from __future__ import annotations

import ast

from engine.rules.expressions.functions import FUNCTIONS
from engine.rules.expressions.limits import MAX_INT_BITS, STATIC_TITLE
from engine.rules.expressions.syntax import BINOPS, REFUSED_BINOPS, Source


class Checker:
    """Collects what an expression's syntax tree holds outside the language."""

    def __init__(self, source: Source):
        self.source = source
        self.problems: list[tuple[int, int, str]] = []

    def refuse(self, node: ast.AST, what: str, *, col_bytes: int | None = None, hint: str = "") -> None:
        lineno = getattr(node, "lineno", 1) or 1
        col = getattr(node, "col_offset", 0) if col_bytes is None else col_bytes
        message = f"{STATIC_TITLE}: {what} ({self.source.where(node, col_bytes)})"
        if hint:
            message += f". {hint}"
        key = (lineno, col, message)
        if key not in self.problems:
            self.problems.append(key)

    def visit(self, node: ast.AST) -> None:
        method = getattr(self, f"visit_{type(node).__name__}", None)
        if method is None:
            self.refuse(node, f"konstruksi Python '{type(node).__name__}'")
            for child in ast.iter_child_nodes(node):
                if isinstance(child, ast.expr):
                    self.visit(child)
            return
        method(node)

    def visit_all(self, nodes) -> None:
        for n in nodes:
            if n is not None:
                self.visit(n)

    # allowed nodes ------------------------------------------------------
    def visit_Constant(self, node: ast.Constant) -> None:
        v = node.value
        if v is None or isinstance(v, (bool, str, float)):
            return
        if isinstance(v, int):
            if v.bit_length() > MAX_INT_BITS:
                self.refuse(node, f"bilangan terlalu besar (lebih dari {MAX_INT_BITS} bit)")
            return
        if isinstance(v, bytes):
            self.refuse(node, "literal bytes (b'...')")
        elif isinstance(v, complex):
            self.refuse(node, "bilangan imajiner (j)")
        elif v is Ellipsis:
            self.refuse(node, "'...' (Ellipsis)")
        else:
            self.refuse(node, f"literal {type(v).__name__}")

    def visit_Name(self, node: ast.Name) -> None:
        if node.id.startswith("__"):
            self.refuse(node, f"nama '{node.id}' (nama berawalan '__' tidak diizinkan)")

    def visit_List(self, node) -> None:
        self.visit_all(node.elts)

    visit_Tuple = visit_List
    visit_Set = visit_List

    def visit_Dict(self, node: ast.Dict) -> None:
        for key, value in zip(node.keys, node.values):
            if key is None:
                self.refuse(value, "unpacking '**' di dalam kamus")
            else:
                self.visit(key)
            self.visit(value)

    def visit_BoolOp(self, node: ast.BoolOp) -> None:
        self.visit_all(node.values)

    def visit_UnaryOp(self, node: ast.UnaryOp) -> None:
        if isinstance(node.op, ast.Invert):
            self.refuse(node, "operator '~'")
        self.visit(node.operand)

    def visit_BinOp(self, node: ast.BinOp) -> None:
        if type(node.op) not in BINOPS:
            symbol = REFUSED_BINOPS.get(type(node.op), type(node.op).__name__)
            self.refuse(node, f"operator '{symbol}'")
        self.visit(node.left)
        self.visit(node.right)

    def visit_Compare(self, node: ast.Compare) -> None:
        self.visit(node.left)
        self.visit_all(node.comparators)

    def visit_IfExp(self, node: ast.IfExp) -> None:
        self.visit(node.test)
        self.visit(node.body)
        self.visit(node.orelse)

    def visit_Subscript(self, node: ast.Subscript) -> None:
        self.visit(node.value)
        if isinstance(node.slice, ast.Slice):
            self.visit_all([node.slice.lower, node.slice.upper, node.slice.step])
        else:
            self.visit(node.slice)

    def visit_Slice(self, node: ast.Slice) -> None:
        self.refuse(node, "irisan (slice) bertingkat seperti a[1:2, 3]")
        self.visit_all([node.lower, node.upper, node.step])

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        if isinstance(func, ast.Name):
            spec = FUNCTIONS.get(func.id)
            if spec is None:
                self.refuse(
                    func, f"pemanggilan fungsi '{func.id}'",
                    hint="Fungsi yang tersedia: " + ", ".join(FUNCTIONS),
                )
            else:
                _, least, most, _ = spec
                n = len(node.args)
                if not any(isinstance(a, ast.Starred) for a in node.args) and (
                    n < least or (most is not None and n > most)
                ):
                    expected = str(least) if least == most else (
                        f"{least}-{most}" if most is not None else f"minimal {least}"
                    )
                    self.refuse(func, f"fungsi '{func.id}' menerima {expected} argumen, diberi {n}")
        elif isinstance(func, ast.Attribute):
            self.refuse(
                func, f"pemanggilan metode '.{func.attr}()'",
                col_bytes=(func.end_col_offset or 0) - len(func.attr.encode("utf-8")) - 1
                if func.end_lineno == func.lineno else None,
            )
            self.visit(func.value)
        else:
            self.refuse(node, "pemanggilan sesuatu yang bukan nama fungsi")
            self.visit(func)
        self.visit_all(node.args)
        for kw in node.keywords:
            if kw.arg is None:
                self.refuse(kw.value, "unpacking '**' pada argumen")
            else:
                self.refuse(kw, f"argumen bernama '{kw.arg}='", hint="Tulis argumen berurutan tanpa nama")
            self.visit(kw.value)

    # refused nodes ------------------------------------------------------
    def visit_Attribute(self, node: ast.Attribute) -> None:
        col = None
        if node.end_lineno == node.lineno and node.end_col_offset is not None:
            col = node.end_col_offset - len(node.attr.encode("utf-8")) - 1
        self.refuse(
            node, f"akses atribut '.{node.attr}'", col_bytes=col,
            hint="Untuk isian bertingkat tulis data[\"kunci\"]",
        )
        self.visit(node.value)

    def visit_Lambda(self, node: ast.Lambda) -> None:
        self.refuse(node, "fungsi lambda")

    def _comprehension(self, node, what: str) -> None:
        self.refuse(
            node, f"{what} (for ... in ... di dalam ekspresi)",
            hint="Gunakan any(), all(), sum() atau len() atas sebuah daftar",
        )

    def visit_ListComp(self, node) -> None:
        self._comprehension(node, "list comprehension")

    def visit_SetComp(self, node) -> None:
        self._comprehension(node, "set comprehension")

    def visit_DictComp(self, node) -> None:
        self._comprehension(node, "dict comprehension")

    def visit_GeneratorExp(self, node) -> None:
        self._comprehension(node, "generator expression")

    def visit_NamedExpr(self, node: ast.NamedExpr) -> None:
        self.refuse(node, "penugasan ':=' (walrus)")
        self.visit(node.value)

    def visit_JoinedStr(self, node: ast.JoinedStr) -> None:
        self.refuse(node, "f-string (f\"...\")", hint="Gabungkan teks dengan + dan str()")
        for value in node.values:
            if isinstance(value, ast.FormattedValue):
                self.visit(value.value)
                if value.format_spec is not None:
                    self.visit_format_spec(value.format_spec)

    def visit_format_spec(self, spec: ast.AST) -> None:
        for value in getattr(spec, "values", []):
            if isinstance(value, ast.FormattedValue):
                self.visit(value.value)

    def visit_FormattedValue(self, node: ast.FormattedValue) -> None:
        self.refuse(node, "f-string (f\"...\")")
        self.visit(node.value)

    def visit_Starred(self, node: ast.Starred) -> None:
        self.refuse(node, "unpacking '*'")
        self.visit(node.value)

    def visit_Await(self, node) -> None:
        self.refuse(node, "await")

    def visit_Yield(self, node) -> None:
        self.refuse(node, "yield")

    visit_YieldFrom = visit_Yield


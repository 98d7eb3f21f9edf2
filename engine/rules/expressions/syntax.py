"""The syntax the language knows: its operators, and where a node is in the expression text."""
from __future__ import annotations

import ast

BINOPS = {
    ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.FloorDiv: "//",
    ast.Mod: "%", ast.Pow: "**",
}
REFUSED_BINOPS = {
    ast.LShift: "<<", ast.RShift: ">>", ast.BitAnd: "&", ast.BitOr: "|", ast.BitXor: "^",
    ast.MatMult: "@",
}
CMPOPS = {
    ast.Eq: "==", ast.NotEq: "!=", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=",
    ast.In: "in", ast.NotIn: "not in", ast.Is: "is", ast.IsNot: "is not",
}
UNCOUNTED_NODES = (ast.expr_context, ast.operator, ast.boolop, ast.unaryop, ast.cmpop)


# --------------------------------------------------------------------------- source positions


class Source:
    """The expression text as parsed, and how to say where a node is in it."""

    def __init__(self, text: str):
        self.text = text
        self.lines = text.split("\n")
        self.multiline = len(self.lines) > 1
        # Several lines only parse in eval mode inside brackets: wrap them.
        # (The ")" goes on a line of its own so a trailing comment cannot swallow it.)
        self.parsed_text = f"({text}\n)" if self.multiline else text

    def where(self, node: ast.AST, col_bytes: int | None = None) -> str:
        lineno = getattr(node, "lineno", 1) or 1
        col = getattr(node, "col_offset", 0) if col_bytes is None else col_bytes
        lines = self.parsed_text.split("\n")
        line_text = lines[lineno - 1] if 0 < lineno <= len(lines) else ""
        col_chars = len(line_text.encode("utf-8")[: max(col, 0)].decode("utf-8", "ignore"))
        if self.multiline and lineno == 1:
            col_chars -= 1  # the added "("
        return self.position(lineno, col_chars + 1)

    def position(self, lineno: int, column: int) -> str:
        column = max(column, 1)
        if self.multiline:
            return f"baris {lineno}, kolom {column}"
        return f"kolom {column}"


"""Runs Debian's Bandit 1.6.2 as the differential reference, with one repair: 1.6.2 predates Python 3.8's
ast.Constant and so never runs its string tests (B104, B105, B108, B608) on a modern Python. This wrapper
dispatches Constant nodes to Bandit's own visit_Str / visit_Bytes, as Bandit 1.7+ does. Nothing else changes.
Usage: python3 scripts/bandit-reference.py -r DIR -f json -o OUT.json
"""
import sys

from bandit.core import node_visitor


def visit_Constant(self, node):
    if isinstance(node.value, str):
        return self.visit_Str(node)
    if isinstance(node.value, bytes):
        return self.visit_Bytes(node)
    return None


node_visitor.BanditNodeVisitor.visit_Constant = visit_Constant

from bandit.cli.main import main  # noqa: E402

sys.exit(main())

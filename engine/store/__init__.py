"""Persistence: the tables, database connections, the case store (the one writer of a case's rows),
the live-workflow cache and the audit trail."""

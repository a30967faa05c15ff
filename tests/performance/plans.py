"""PostgreSQL's query plans for the index tests."""

from django.db import connection


def plan(query, params=None):
    """PostgreSQL's plan (``EXPLAIN``) as text for a queryset, or for SQL with its ``params``."""
    if hasattr(query, "query"):
        query, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {query}", params)
        return "\n".join(row[0] for row in cursor.fetchall())

"""Replays statements through psycopg2 (over libpq, as a Python user connects) and prints their rows.

Reads a JSON list of {"source": ..., "sql": ...} on standard input; for each prints "-- SOURCE" and
then its columns' names and its rows, one a line, values joined by '|' in PostgreSQL's text form (NULL for null), so they
compare with the rows a statement file expects. Each statement is sent as it is: execute() without
parameters leaves the text untouched. Autocommit, as a dashboard tool runs (no BEGIN around it).

Usage: replay_statements.py PORT USER
"""
import datetime
import decimal
import json
import sys

import psycopg2


def text(value):
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, datetime.datetime):
        whole = value.strftime("%Y-%m-%d %H:%M:%S")
        return whole + ("." + ("%06d" % value.microsecond).rstrip("0") if value.microsecond else "")
    if isinstance(value, decimal.Decimal):
        return str(value)
    return str(value)


def main():
    port, user = sys.argv[1], sys.argv[2]
    statements = json.load(sys.stdin)
    connection = psycopg2.connect(host="127.0.0.1", port=port, user=user, dbname="sluice")
    connection.autocommit = True
    cursor = connection.cursor()
    for statement in statements:
        print("-- " + statement["source"])
        try:
            cursor.execute(statement["sql"])
        except psycopg2.Error as e:
            print("error %s: %s" % (e.pgcode, str(e).strip()))
            continue
        if cursor.description is not None:
            print("|".join(column.name for column in cursor.description))
            for row in cursor.fetchall():
                print("|".join(text(v) for v in row))
    connection.close()


main()

"""The one place that imports the SQLCipher driver and ``sqlite_utils``.

``sqlite_utils`` catches the standard library's ``sqlite3`` exceptions unless it finds
``pysqlite3``; aliasing ``sqlcipher3`` under that name *before* ``sqlite_utils`` is imported makes
``drop(ignore=True)``, ``INSERT … RETURNING`` and friends behave with SQLCipher connections.
"""

from __future__ import annotations

import sys

import sqlcipher3
import sqlcipher3.dbapi2

sys.modules.setdefault("pysqlite3", sqlcipher3)
sys.modules.setdefault("pysqlite3.dbapi2", sqlcipher3.dbapi2)

import sqlite_utils  # noqa: E402

dbapi = sqlcipher3.dbapi2
DatabaseError = dbapi.DatabaseError
IntegrityError = dbapi.IntegrityError
OperationalError = dbapi.OperationalError

__all__ = ["dbapi", "sqlite_utils", "DatabaseError", "IntegrityError", "OperationalError"]

"""The encrypted casebook file: create, unlock, keys, keyring, migrations, backup, integrity."""

from casebook.store.casebook import Casebook, file_id_of, integrity_problems

__all__ = ["Casebook", "file_id_of", "integrity_problems"]

"""Writing the user's files outside the casebook (exports): whole or not at all, never over a file
without the caller's say-so. Used by every export (documents, page images, Word output)."""

from __future__ import annotations

import os
from pathlib import Path

from casebook.errors import BadInput


def write_file(out: str | os.PathLike, data: bytes, overwrite: bool) -> Path:
    """Write ``data`` to ``out`` whole or not at all (a ``.part`` file beside it, then renamed)."""
    out = Path(out)
    if out.is_dir():
        raise BadInput("that is a folder; give the file name to export to")
    if not out.parent.is_dir():
        raise BadInput("that folder does not exist; choose an existing folder")
    if out.exists() and not overwrite:
        raise BadInput("that file already exists; choose another name (or --force to replace it)")
    tmp = out.with_name(f".{out.name}.part")
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, out)
    except OSError:
        tmp.unlink(missing_ok=True)
        raise BadInput("could not write the file there (permission denied or disk full); "
                       "choose another place") from None
    return out


__all__ = ["write_file"]

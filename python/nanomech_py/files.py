"""Atomic file writes."""
import os
import tempfile


def write_atomically(path, data, mode="w"):
    """Writes data (str, or bytes with mode="wb") to path through a
    temporary file in the same directory, renamed into place: a reader sees
    the old file or the whole new one, never a part. Creates the directory;
    the file gets mode 0644, as with open()."""
    directory = os.path.dirname(os.path.abspath(path))
    os.makedirs(directory, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=".tmp-",
                               suffix=os.path.splitext(path)[1])
    try:
        binary = "b" in mode
        with os.fdopen(fd, mode, encoding=None if binary else "utf-8",
                       newline=None if binary else "") as f:
            f.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise

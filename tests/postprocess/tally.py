"""What the postprocess tests share: a tally of named checks that prints
each failure, and running a script with Debian's Python."""
import subprocess
import sys

_counts = {"passed": 0, "failed": 0}


def check(name, condition, detail=""):
    """Counts a check; prints its name and detail if it failed."""
    if condition:
        _counts["passed"] += 1
    else:
        _counts["failed"] += 1
        print(f"FAIL: {name}\n{detail}")


def run_script(path, *args):
    """(exit status, stdout, stderr) of /usr/bin/python3 PATH ARGS."""
    p = subprocess.run(["/usr/bin/python3", path, *args], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, text=True)
    return p.returncode, p.stdout, p.stderr


def finish():
    """Prints the tally and exits 1 if any check failed."""
    print(f"{_counts['passed']} passed, {_counts['failed']} failed")
    sys.exit(1 if _counts["failed"] else 0)

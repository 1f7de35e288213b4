"""A study directory: its manifest, its cases, and the state of each case.

    DIR/study.json        the manifest (format 1; read by postprocess/)
    DIR/study.study       a copy of the study file as it was expanded
    DIR/jobs.json         the SLURM submissions: job id, cases, options
    DIR/cases/NNNN/       case.prm, output/, run.log, job, exit_status
                          (see jobs/nanomech.sbatch)
"""
import json
import os
import shutil
import socket
import subprocess
import time

from nanomech_py.files import write_atomically

from .studyfile import OUTPUT_ENTRY, SEED_ENTRY

STATES = ("done", "running", "pending", "failed", "missing")


class StudyDirError(Exception):
    pass


def _write_json(path, data):
    write_atomically(path, json.dumps(data, indent=1) + "\n")


def case_prm_text(study, case, case_dir):
    """The full parameter file of a case: the base file with the fixed
    overrides, the varied values, the seed and the output directory."""
    varied = "; ".join("%s = %s" % kv for kv in case["parameters"].items())
    header = [
        "# Case %s of study %s, written by jobs/study." % (case["id"],
                                                           study.name),
        "# Base: %s" % study.base_path,
        "# Study file: %s" % study.path,
        "# Varied: %s" % (varied or "(nothing)"),
        "# Replica %d, seed %d." % (case["replica"], case["seed"]),
        "",
    ]
    overrides = [(e, v) for e, v, _ in study.sets]
    overrides += list(case["parameters"].items())
    overrides += [(SEED_ENTRY, str(case["seed"])),
                  (OUTPUT_ENTRY, os.path.join(case_dir, "output"))]
    return study.base_prm.render(overrides, header)


def manifest_of(study, cases):
    return {
        "format": 1,
        "name": study.name,
        "study_file": study.path,
        "base_parameters": study.base_path,
        "varied": study.varied,
        "replicas": study.replicas,
        "cases": [{"id": c["id"], "directory": "cases/" + c["id"],
                   "parameters": c["parameters"], "replica": c["replica"],
                   "seed": c["seed"]} for c in cases],
    }


def create(directory, study, cases):
    """Write the study directory (all of it, or nothing: it is built
    beside its final place and renamed into it)."""
    final = os.path.abspath(directory)
    if os.path.exists(os.path.join(final, "study.json")):
        raise StudyDirError("%s already holds a study; use 'jobs/study "
                            "status/resubmit %s', or choose another --dir"
                            % (final, directory))
    if os.path.exists(final) and (not os.path.isdir(final) or
                                  os.listdir(final)):
        raise StudyDirError("%s exists and is not an empty directory; "
                            "choose another --dir" % final)
    parent = os.path.dirname(final)
    os.makedirs(parent, exist_ok=True)
    tmp = "%s.tmp-%d" % (final, os.getpid())
    shutil.rmtree(tmp, ignore_errors=True)
    try:
        os.makedirs(os.path.join(tmp, "cases"))
        for c in cases:
            d = os.path.join(tmp, "cases", c["id"])
            os.makedirs(d)
            with open(os.path.join(d, "case.prm"), "w") as f:
                f.write(case_prm_text(study, c, os.path.join(final, "cases",
                                                             c["id"])))
        shutil.copyfile(study.path, os.path.join(tmp, "study.study"))
        _write_json(os.path.join(tmp, "jobs.json"), [])
        _write_json(os.path.join(tmp, "study.json"), manifest_of(study, cases))
        if os.path.isdir(final):
            os.rmdir(final)
        os.rename(tmp, final)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return final


def load_manifest(directory):
    path = os.path.join(directory, "study.json")
    try:
        with open(path) as f:
            m = json.load(f)
    except FileNotFoundError:
        raise StudyDirError("%s is not a study directory (no study.json)"
                            % directory)
    except (OSError, ValueError) as e:
        raise StudyDirError("cannot read %s: %s" % (path, e))
    if m.get("format") != 1 or not isinstance(m.get("cases"), list):
        raise StudyDirError("%s: unknown manifest format" % path)
    return m


def submissions(directory):
    try:
        with open(os.path.join(directory, "jobs.json")) as f:
            return json.load(f)
    except (OSError, ValueError):
        return []


def add_submission(directory, record):
    subs = submissions(directory)
    subs.append(record)
    _write_json(os.path.join(directory, "jobs.json"), subs)


def slurm_queue(job_ids):
    """{"JOBID_TASK" or "JOBID": SLURM state} for the jobs still known to
    squeue, or None when SLURM cannot be asked."""
    if not job_ids or shutil.which("squeue") is None:
        return None
    try:
        r = subprocess.run(["squeue", "-h", "-r", "-o", "%i %T"],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return None
    if r.returncode != 0:
        return None
    wanted = set(str(j) for j in job_ids)
    queue = {}
    for line in r.stdout.splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[0].split("_")[0] in wanted:
            queue[parts[0]] = parts[1]
    return queue


def _read(path):
    try:
        with open(path) as f:
            return f.read().strip()
    except OSError:
        return None


def _local_attempt_alive(pid, host):
    if host != socket.gethostname().split(".")[0]:
        return None  # cannot tell
    try:
        with open("/proc/%d/cmdline" % pid, "rb") as f:
            cmd = f.read()
    except (OSError, ValueError):
        return False
    return b"nanomech.sbatch" in cmd


def describe_status(status):
    if status == 0:
        return "exit 0 but no output/summary.json"
    if status == 1:
        return "failed while computing (exit 1)"
    if status == 2:
        return "bad input (exit 2)"
    if status == 3:
        return "interrupted after a checkpoint (exit 3); a rerun continues it"
    if status > 128:
        return "killed by signal %d (exit %d)" % (status - 128, status)
    return "exit %d" % status


def case_state(directory, case, latest_task, queue):
    """(state, detail) of one case. latest_task: "JOBID_TASK" of the last
    submission of the case, or None; queue: see slurm_queue()."""
    cdir = os.path.join(directory, case["directory"])
    rel = case["directory"]
    if queue is not None and latest_task in queue:
        st = queue[latest_task]
        state = "pending" if st in ("PENDING", "REQUEUED", "REQUEUE_HOLD",
                                    "REQUEUE_FED") else "running"
        return state, "job %s %s" % (latest_task, st.lower())
    job = (_read(os.path.join(cdir, "job")) or "").split()
    raw = _read(os.path.join(cdir, "exit_status"))
    status = int(raw) if raw and raw.lstrip("-").isdigit() else None
    if status is None and job[:1] == ["local"] and len(job) >= 3:
        alive = _local_attempt_alive(int(job[1]), job[2])
        if alive:
            return "running", "local, pid %s" % job[1]
        if alive is None:
            return "running", "local on %s (recorded state, not checked)" \
                % job[2]
    if status is None and job[:1] == ["slurm"] and queue is None:
        return "running", "job %s (SLURM not reachable: recorded state)" \
            % (job[2] if len(job) > 2 else "?")
    if os.path.isfile(os.path.join(cdir, "output", "summary.json")):
        try:
            with open(os.path.join(cdir, "output", "summary.json")) as f:
                total = json.load(f)["timing_seconds"]["total"]
            return "done", "%.1f s" % total
        except (OSError, ValueError, KeyError, TypeError):
            return "done", ""
    if status is not None:
        return "failed", "%s, see %s/run.log" % (describe_status(status), rel)
    if job:
        who = "job " + job[2] if job[0] == "slurm" and len(job) > 2 else \
            "local pid " + (job[1] if len(job) > 1 else "?")
        return "missing", "%s ended without an exit status (killed?)" % who
    if latest_task:
        return "missing", "job %s left the queue without starting" \
            % latest_task
    if not os.path.isfile(os.path.join(cdir, "case.prm")):
        return "missing", "case directory gone"
    return "missing", "never started"


def states(directory, manifest=None):
    """[(case, state, detail)] for every case of the study, and whether
    SLURM was asked (True), not asked (None: nothing submitted) or not
    reachable (False)."""
    manifest = manifest or load_manifest(directory)
    subs = submissions(directory)
    latest = {}
    for s in subs:
        for cid in s.get("cases", []):
            latest[cid] = "%s_%d" % (s["job_id"], int(cid))
    queue = slurm_queue([s["job_id"] for s in subs]) if subs else None
    slurm = None if not subs else queue is not None
    out = [(c, *case_state(directory, c, latest.get(c["id"]), queue))
           for c in manifest["cases"]]
    return out, slurm


def totals(case_states):
    t = {s: 0 for s in STATES}
    for _, state, _ in case_states:
        t[state] += 1
    t["total"] = len(case_states)
    return t


def now():
    return time.strftime("%Y-%m-%dT%H:%M:%S")

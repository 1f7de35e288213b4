#!/usr/bin/python3
"""A private single-node SLURM cluster on localhost, for the tests.

Everything lives in one temporary directory: a munge key and a munged with
its own socket, slurm.conf, slurmctld and slurmd with their state, spool,
logs and pid files. Nothing under /etc is touched and no system service is
used. The daemons are stopped by the process ids in their pid files (never
by name), by Cluster.stop(), and, should the test process die without
stopping them (a CTest time-out kills it), by a watchdog process that
outlives the test and stops them then.

    with Cluster() as cluster:          # or cluster.start() ... cluster.stop()
        subprocess.run(["sbatch", ...], env=cluster.env)

Command line (for debugging by hand):
    slurm_cluster.py start DIR     start a cluster in DIR, print its SLURM_CONF
    slurm_cluster.py stop DIR      stop the cluster of DIR
"""
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

# Exit status with which a test reports "skipped" to CTest
# (SKIP_RETURN_CODE in tests/slurm/CMakeLists.txt).
SKIP = 77

DAEMONS = ("slurmd", "slurmctld", "munged")  # stop order
PROGRAMS = ("slurmctld", "slurmd", "sbatch", "squeue", "scontrol", "scancel",
            "sinfo", "srun", "munged", "mungekey")


class ClusterError(RuntimeError):
    pass


def _which(name):
    """Find a program also in the sbin directories (not always on PATH)."""
    path = os.environ.get("PATH", "") + ":/usr/sbin:/sbin:/usr/bin:/bin"
    return shutil.which(name, path=path)


def missing_programs():
    return [p for p in PROGRAMS if _which(p) is None]


def ensure_packages(log=print):
    """Make sure SLURM and munge are installed; install them with apt-get
    when they are missing and we are root. Returns None when everything is
    there, else a message saying why they could not be installed."""
    missing = missing_programs()
    if not missing:
        return None
    if os.geteuid() != 0:
        return ("SLURM/munge programs missing (%s) and not root, so "
                "'apt-get install slurm-wlm munge' cannot run"
                % ", ".join(missing))
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    install = ["apt-get", "-o", "DPkg::Lock::Timeout=600", "install", "-y",
               "-q", "slurm-wlm", "munge"]
    log("installing slurm-wlm and munge (missing: %s)" % ", ".join(missing))
    for attempt in (1, 2):
        r = subprocess.run(install, env=env, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True)
        if r.returncode == 0 and not missing_programs():
            return None
        if attempt == 1:  # perhaps the package lists are stale or absent
            subprocess.run(["apt-get", "-o", "DPkg::Lock::Timeout=600",
                            "update", "-q"], env=env,
                           stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
    last = (r.stdout.strip().splitlines() or [""])[-1]
    return ("'apt-get install -y slurm-wlm munge' did not provide %s "
            "(status %d): %s" % (", ".join(missing_programs()), r.returncode,
                                 last))


def _free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _node_resources():
    """CPUs and a RealMemory a little below what slurmd detects (a node that
    reports less memory than configured is drained)."""
    out = subprocess.run([_which("slurmd"), "-C"], stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL, text=True).stdout
    fields = dict(kv.split("=", 1) for kv in out.split() if "=" in kv)
    cpus = int(fields.get("CPUs", os.cpu_count() or 1))
    mem = int(fields.get("RealMemory", 1024))
    return cpus, max(256, int(mem * 0.9))


def _pid_alive(pid, program):
    """True when pid runs and is the given program (guards against a pid
    file whose process has gone and whose number was reused)."""
    try:
        with open("/proc/%d/cmdline" % pid, "rb") as f:
            argv0 = f.read().split(b"\0")[0].decode(errors="replace")
        with open("/proc/%d/stat" % pid) as f:
            state = f.read().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z" and os.path.basename(argv0) == program


def _read_pid(path):
    try:
        with open(path) as f:
            return int(f.read().split()[0])
    except (OSError, ValueError, IndexError):
        return None


class Cluster:
    """A single-node cluster in directory `root` (a new temporary directory
    when None)."""

    def __init__(self, root=None, partition="test"):
        self.own_root = root is None
        self.root = root or tempfile.mkdtemp(prefix="nanomech-slurm-")
        self.partition = partition
        self.host = socket.gethostname().split(".")[0]
        self.conf = os.path.join(self.root, "slurm.conf")
        self.watchdog = None
        self.env = dict(os.environ, SLURM_CONF=self.conf)
        for var in [v for v in self.env if v.startswith(("SLURM_", "SBATCH_",
                                                         "SRUN_", "SALLOC_"))]:
            if var != "SLURM_CONF":
                del self.env[var]
        self.env["PATH"] = self.env.get("PATH", "") + ":/usr/sbin:/sbin"

    # -- paths ------------------------------------------------------------
    def path(self, *parts):
        return os.path.join(self.root, *parts)

    def pid_file(self, daemon):
        return {"munged": self.path("munge", "munged.pid"),
                "slurmctld": self.path("slurmctld.pid"),
                "slurmd": self.path("slurmd.pid")}[daemon]

    def log_file(self, daemon):
        return {"munged": self.path("munge", "munged.log"),
                "slurmctld": self.path("slurmctld.log"),
                "slurmd": self.path("slurmd.log")}[daemon]

    # -- start/stop ---------------------------------------------------------
    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop()
        return False

    def start(self, timeout=60, watchdog=True):
        try:
            self._write_config()
            if watchdog:
                self._start_watchdog()
            self._start_munge()
            self._run([_which("slurmctld"), "-f", self.conf, "-i"],
                      "slurmctld")
            self._wait_pid("slurmctld")
            self._run([_which("slurmd"), "-f", self.conf, "-N", self.host],
                      "slurmd")
            self._wait_pid("slurmd")
            self._wait_idle(timeout)
        except Exception:
            self.dump_logs()
            self.stop()
            raise

    def _write_config(self):
        # munged wants its socket directory (and the ones above it)
        # searchable by all and writable by nobody else.
        os.chmod(self.root, 0o755)
        for d in ("munge", "state", "spool", "tmp"):
            os.makedirs(self.path(d), exist_ok=True)
            os.chmod(self.path(d), 0o755)
        cpus, mem = _node_resources()
        conf = f"""\
# Private single-node test cluster (tests/slurm/slurm_cluster.py).
ClusterName=nanomechtest
SlurmctldHost={self.host}(127.0.0.1)
SlurmctldPort={_free_port()}
SlurmdPort={_free_port()}
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket={self.path("munge", "munge.socket")},cred_expire=10
StateSaveLocation={self.path("state")}
SlurmdSpoolDir={self.path("spool")}
TmpFS={self.path("tmp")}
SlurmctldPidFile={self.pid_file("slurmctld")}
SlurmdPidFile={self.pid_file("slurmd")}
SlurmctldLogFile={self.log_file("slurmctld")}
SlurmdLogFile={self.log_file("slurmd")}
SlurmctldDebug=info
SlurmdDebug=info
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MpiDefault=pmix
SchedulerType=sched/backfill
SchedulerParameters=sched_interval=5,bf_interval=5
ReturnToService=2
MailProg=/bin/true
KillWait=15
MinJobAge=600
MaxArraySize=1001
InactiveLimit=0
NodeName={self.host} NodeAddr=127.0.0.1 CPUs={cpus} RealMemory={mem} State=UNKNOWN
PartitionName={self.partition} Nodes={self.host} Default=YES MaxTime=INFINITE State=UP
"""
        with open(self.conf, "w") as f:
            f.write(conf)

    def _start_munge(self):
        key = self.path("munge", "munge.key")
        subprocess.run([_which("mungekey"), "--create", "--keyfile=" + key],
                       check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE)
        os.chmod(key, 0o400)
        self._run([_which("munged"),
                   "--socket=" + self.path("munge", "munge.socket"),
                   "--key-file=" + key,
                   "--pid-file=" + self.pid_file("munged"),
                   "--log-file=" + self.log_file("munged"),
                   "--seed-file=" + self.path("munge", "munged.seed")],
                  "munged")
        self._wait_pid("munged")

    def _run(self, argv, name):
        """Start a daemon (it forks into the background and writes its pid
        file); fail with its output when it refuses to start."""
        r = subprocess.run(argv, env=self.env, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True, timeout=60)
        if r.returncode != 0:
            raise ClusterError("%s failed to start (status %d): %s"
                               % (name, r.returncode, r.stdout.strip()))

    def _wait_pid(self, daemon, timeout=20):
        deadline = time.time() + timeout
        while time.time() < deadline:
            pid = _read_pid(self.pid_file(daemon))
            if pid and _pid_alive(pid, daemon):
                return pid
            time.sleep(0.1)
        raise ClusterError("%s did not come up (no live pid in %s)"
                           % (daemon, self.pid_file(daemon)))

    def _wait_idle(self, timeout):
        deadline = time.time() + timeout
        out = ""
        while time.time() < deadline:
            r = subprocess.run(["sinfo", "-h", "-N", "-o", "%N %t"],
                               env=self.env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
            out = r.stdout.strip()
            if r.returncode == 0 and out.split()[-1:] == ["idle"]:
                return
            time.sleep(0.2)
        raise ClusterError("node not idle after %d s: %s" % (timeout, out))

    def _start_watchdog(self):
        """A process in its own session that stops the daemons if this
        process dies before stop() (CTest kills a test at its time-out)."""
        remove = self.own_root and not os.environ.get("NANOMECH_TEST_KEEP")
        self.watchdog = subprocess.Popen(
            [sys.executable, os.path.abspath(__file__), "watchdog",
             self.root, str(os.getpid()), "remove" if remove else "keep"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL, start_new_session=True)

    def cancel_all_jobs(self, timeout=30):
        """Cancel every job of this (private) cluster and wait until the
        queue is empty, so that no job step outlives the daemons."""
        pid = _read_pid(self.pid_file("slurmctld"))
        if not os.path.exists(self.conf) or not pid or \
                not _pid_alive(pid, "slurmctld"):
            return
        subprocess.run(["scancel", "--full", "--quiet", "--partition",
                        self.partition], env=self.env,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.time() + timeout
        while time.time() < deadline:
            r = subprocess.run(["squeue", "-h", "-o", "%i"], env=self.env,
                               stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, text=True)
            if r.returncode != 0 or not r.stdout.strip():
                return
            time.sleep(0.5)

    def stop(self, remove=None):
        """Cancel the jobs, stop the daemons by their pids, stop the
        watchdog, remove the directory (if we created it and
        NANOMECH_TEST_KEEP is not set)."""
        try:
            self.cancel_all_jobs()
        finally:
            stop_daemons(self.root)
            if self.watchdog is not None:
                if self.watchdog.poll() is None:
                    self.watchdog.terminate()
                self.watchdog.wait()
                self.watchdog = None
            if remove is None:
                remove = self.own_root and not os.environ.get(
                    "NANOMECH_TEST_KEEP")
            if remove:
                shutil.rmtree(self.root, ignore_errors=True)

    def dump_logs(self, lines=40, out=sys.stderr):
        for d in ("slurmctld", "slurmd", "munged"):
            try:
                with open(self.log_file(d), errors="replace") as f:
                    tail = f.readlines()[-lines:]
            except OSError:
                continue
            print("---- last %d lines of %s ----" % (len(tail),
                                                      self.log_file(d)),
                  file=out)
            out.write("".join(tail))

    # -- queries ------------------------------------------------------------
    def job(self, job_id):
        """scontrol show job -o as a dict (the first record), or None when
        slurmctld does not know the job."""
        r = subprocess.run(["scontrol", "show", "job", "-o", str(job_id)],
                           env=self.env, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True)
        if r.returncode != 0 or not r.stdout.strip():
            return None
        return parse_job_record(r.stdout.strip().splitlines()[0])

    def jobs(self, job_id):
        """All records of a job (one per array task)."""
        r = subprocess.run(["scontrol", "show", "job", "-o", str(job_id)],
                           env=self.env, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True)
        if r.returncode != 0:
            return []
        return [parse_job_record(l) for l in r.stdout.splitlines() if l.strip()]

    def wait_jobs_finished(self, job_id, timeout, poll=0.5):
        """Poll until no record of job_id (all array tasks) is pending,
        running, requeued or completing; return the records."""
        deadline = time.time() + timeout
        active = ("PENDING", "RUNNING", "CONFIGURING", "COMPLETING",
                  "REQUEUED", "REQUEUE_HOLD", "REQUEUE_FED", "RESIZING",
                  "SUSPENDED", "SIGNALING", "STAGE_OUT")
        while True:
            recs = self.jobs(job_id)
            if recs and not any(r.get("JobState") in active for r in recs):
                return recs
            if time.time() > deadline:
                raise ClusterError(
                    "job %s not finished after %d s: %s" % (
                        job_id, timeout,
                        [(r.get("JobId"), r.get("JobState")) for r in recs]))
            time.sleep(poll)


def parse_job_record(line):
    """Key=Value pairs of one `scontrol show job -o` line (values may hold
    spaces only in a few fields we do not read)."""
    rec = {}
    for token in line.split():
        if "=" in token:
            k, v = token.split("=", 1)
            rec[k] = v
    return rec


def stop_daemons(root, timeout=20):
    """Stop the daemons of the cluster in `root` by the pids in their pid
    files: SIGTERM, then SIGKILL after `timeout` seconds."""
    c = Cluster.__new__(Cluster)
    c.root = root
    for daemon in DAEMONS:
        pid = _read_pid(c.pid_file(daemon))
        if not pid or not _pid_alive(pid, daemon):
            continue
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            continue
        deadline = time.time() + timeout
        while _pid_alive(pid, daemon) and time.time() < deadline:
            time.sleep(0.1)
        if _pid_alive(pid, daemon):
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


def _watchdog(root, parent, remove, max_seconds=3 * 3600):
    """Stop the cluster when `parent` has gone (or after max_seconds), and
    remove its directory if asked; exit quietly on SIGTERM (a normal stop
    by the parent)."""
    signal.signal(signal.SIGTERM, lambda *a: os._exit(0))
    start = time.time()
    while time.time() - start < max_seconds:
        try:
            os.kill(parent, 0)
        except ProcessLookupError:
            break
        time.sleep(1)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    try:  # no job step may outlive the daemons
        Cluster(root).cancel_all_jobs()
    finally:
        stop_daemons(root)
        if remove:
            shutil.rmtree(root, ignore_errors=True)


def main(argv):
    if len(argv) >= 2 and argv[0] == "start":
        os.makedirs(argv[1], exist_ok=True)
        c = Cluster(os.path.abspath(argv[1]))
        c.start(watchdog=False)  # runs until `slurm_cluster.py stop DIR`
        print("SLURM_CONF=" + c.conf)
        return 0
    if len(argv) >= 2 and argv[0] == "stop":
        c = Cluster(os.path.abspath(argv[1]))
        c.cancel_all_jobs()
        stop_daemons(c.root)
        return 0
    if len(argv) == 4 and argv[0] == "watchdog":
        _watchdog(argv[1], int(argv[2]), argv[3] == "remove")
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

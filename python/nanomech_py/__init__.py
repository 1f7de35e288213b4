"""What the Python scripts of nanomech share (jobs/, postprocess/,
benchmarks/, tests/): one definition of each.

  files.write_atomically   a file written so that no reader sees it partial
  mpi.mpirun_command       the mpirun prefix of a local run

Nothing to install: each entry script (or the module its directory
shares, such as postprocess/common.py) puts this directory's parent,
<repository>/python, on sys.path relative to its own file.
"""

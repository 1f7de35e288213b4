#!/usr/bin/python3
"""render.py (ParaView pvbatch under Xvfb) on a real nanomech fracture run
(case 0000 of make_study.py's study, fields in 2 pieces per step): the
PNGs of von Mises (last step) and damage (an earlier step) are not blank,
and the data range ParaView read equals
  - summary.json["fields"]["von_mises_range_MPa"] (which the run must
    write, with fields.last_file = the pvd's last record), and
  - the range computed here from the .vtu pieces themselves
    (vtu_range.py: base64 + zlib decoding, no ParaView),
within 1e-6 relative (the files hold float32). Bad field / step /
component give exit 2 before ParaView starts.

  test_render.py SOURCE_DIR STUDY_DIR
"""
import json
import os
import sys
import tempfile
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tally import check, finish, run_script  # noqa: E402

SRC, STUDY = (os.path.abspath(a) for a in sys.argv[1:3])
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from pngcheck import png_stats  # noqa: E402
from vtu_range import data_range, pieces  # noqa: E402

RENDER = os.path.join(SRC, "postprocess", "render.py")
RUN = os.path.join(STUDY, "cases", "0000", "output")


def render(*args):
    return run_script(RENDER, *args)


def same(a, b, rel=1e-6):
    scale = max(abs(b[0]), abs(b[1]))
    return all(abs(x - y) <= rel * scale for x, y in zip(a, b))


records = [(float(d.get("timestep")), d.get("file"))
           for d in ET.parse(os.path.join(RUN, "solution.pvd")).getroot().iter("DataSet")]
check("the run has several records in 2 pieces each", len(records) >= 3 and
      len(pieces(os.path.join(RUN, records[-1][1]))) == 2, records)
summary = json.load(open(os.path.join(RUN, "summary.json")))

with tempfile.TemporaryDirectory() as tmp:
    # von Mises at the last step.
    png = os.path.join(tmp, "von_mises.png")
    rj = os.path.join(tmp, "von_mises.json")
    status, out, err = render(RUN, "--field", "von_mises", "--last", "-o", png,
                              "--range-json", rj, "--print-range")
    check("render von Mises", status == 0 and os.path.isfile(png) and os.path.isfile(rj),
          out + err)
    if status == 0:
        r = json.load(open(rj))
        check("--print-range prints the same JSON", json.loads(out) == r, out)
        check("the last record was read", r["file"] == records[-1][1] and
              r["step"] == records[-1][0], r)
        s = png_stats(png)
        check("von Mises PNG not blank", s["colours"] >= 50 and s["ink"] >= 0.2, s)
        check("von Mises PNG < 150 kB", s["bytes"] < 150_000, s)
        parsed = data_range(os.path.join(RUN, records[-1][1]), "von_mises")
        check("ParaView's range = the range parsed from the .vtu pieces",
              same(r["range"], parsed), f"{r['range']} vs {parsed}")
        fields = summary.get("fields", {})
        check("summary.json has fields.von_mises_range_MPa and fields.last_file",
              "von_mises_range_MPa" in fields and "last_file" in fields,
              f"fields: {fields}")
        if "von_mises_range_MPa" in fields:
            check("ParaView's range = summary.json fields.von_mises_range_MPa",
                  same(r["range"], fields["von_mises_range_MPa"]),
                  f"{r['range']} vs {fields['von_mises_range_MPa']}")
        if "last_file" in fields:
            check("summary.json fields.last_file = the pvd's last record",
                  fields["last_file"] == records[-1][1], fields)
        check("the range is a real one", parsed[1] > parsed[0] > -1e-12, parsed)

    # Damage at an earlier step, with a given warp.
    step = records[len(records) // 2][0]
    png = os.path.join(tmp, "damage.png")
    status, out, err = render(RUN, "--field", "damage", "--step", f"{step:g}",
                              "--warp", "5", "-o", png, "--print-range")
    check("render damage", status == 0, out + err)
    if status == 0:
        r = json.loads(out)
        s = png_stats(png)
        check("damage PNG not blank", s["colours"] >= 50 and s["ink"] >= 0.2, s)
        parsed = data_range(os.path.join(RUN, records[len(records) // 2][1]), "damage")
        check("damage range at that step", r["step"] == step and
              same(r["range"], parsed) and r["warp_scale"] == 5, f"{r} vs {parsed}")

    # Bad choices are refused before ParaView starts.
    for args, fragment in [(["--field", "nonexistent"], "fields there:"),
                           (["--step", "12345"], "steps written:"),
                           (["--field", "von_mises", "--component", "xx"], "is a scalar"),
                           (["--field", "stress"], "is a tensor"),
                           (["-o", os.path.join(tmp, "x.jpg")], ".png")]:
        status, out, err = render(RUN, *args)
        check(f"render {' '.join(args)}: exit 2", status == 2 and fragment in err
              and "Traceback" not in err, err)
    check("nothing else written", sorted(os.listdir(tmp)) ==
          ["damage.png", "von_mises.json", "von_mises.png"], os.listdir(tmp))

finish()

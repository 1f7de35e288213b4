"""The rendering of postprocess/render.py, run by ParaView's pvbatch under
Xvfb (render.py starts it and passes the job as JSON in the environment
variable NANOMECH_RENDER_JOB; the result goes to the job's "result" file).
Not for direct use. Failures raise: a sys.exit here breaks pvbatch's
teardown under Xvfb.
"""
import json
import os

JOB_VARIABLE = "NANOMECH_RENDER_JOB"


def nice_scale(x):
    """The 1-2-5 number at or below x (for a readable warp factor)."""
    import math
    if x <= 0:
        return 0.0
    e = math.floor(math.log10(x))
    for m in (5, 2, 1):
        if m * 10**e <= x:
            return float(m * 10**e)
    return float(10**e)


def render(job):
    import paraview.simple as pv

    pv.LoadPalette("WhiteBackground")
    reader = pv.OpenDataFile(job["pvd"])
    if reader is None:
        raise RuntimeError(f"ParaView cannot open {job['pvd']}")
    t = job["time"]
    reader.UpdatePipeline(t)
    info = reader.GetDataInformation()
    if info.GetNumberOfPoints() == 0:
        raise RuntimeError(f"{job['file']}: no points")
    b = info.GetBounds()
    extent = [b[1] - b[0], b[3] - b[2], b[5] - b[4]]
    dim = job["dimension"] or (2 if extent[2] == 0 else 3)

    # The scalar to colour by and its data range, read from the reader.
    field, assoc, comp = job["field"], job["association"], job["component"]
    data = reader.PointData if assoc == "POINTS" else reader.CellData
    arr = data[field]
    if arr is None:
        raise RuntimeError(f"{field} not found by ParaView in {job['file']}")
    ncomp = arr.GetNumberOfComponents()
    source = reader
    if comp is not None:
        source = pv.ExtractComponent(Input=reader, InputArray=[assoc, field],
                                     Component=comp,
                                     OutputArrayName="render_component")
        source.UpdatePipeline(t)
        colour_array = "render_component"
        data = source.PointData if assoc == "POINTS" else source.CellData
        data_range = list(data["render_component"].GetRange(0))
    else:
        colour_array = field
        data_range = list(arr.GetRange(-1 if ncomp > 1 else 0))

    # The deformed shape.
    warp = job["warp"]
    shown = source
    if warp != 0.0:
        disp = reader.PointData["displacement"]
        vec = "displacement"
        if disp.GetNumberOfComponents() == 2:
            calc = pv.Calculator(Input=source, ResultArrayName="displacement_3d",
                                 Function="displacement_X*iHat+displacement_Y*jHat")
            shown, vec = calc, "displacement_3d"
        umax = disp.GetRange(-1)[1]
        if warp is None:
            warp = (nice_scale(0.04 * max(extent) / umax) if umax > 0 else 0.0)
            warp = max(warp, 1.0) if umax > 0 else 0.0
        if warp != 0.0:
            shown = pv.WarpByVector(Input=shown, Vectors=["POINTS", vec],
                                    ScaleFactor=warp)
    if job["clip"]:
        # Cut away the half facing the camera of the iso view.
        axis = "xyz".index(job["clip"])
        clip = pv.Clip(Input=shown)
        clip.ClipType = "Plane"
        clip.ClipType.Origin = [(b[0] + b[1]) / 2, (b[2] + b[3]) / 2,
                                (b[4] + b[5]) / 2]
        clip.ClipType.Normal = [1.0 if i == axis else 0.0 for i in range(3)]
        clip.Invert = 0 if axis == 1 else 1
        shown = clip
    shown.UpdatePipeline(t)

    view = pv.CreateRenderView() if pv.GetActiveView() is None else pv.GetActiveView()
    view.ViewTime = t
    display = pv.Show(shown, view)
    display.Representation = "Surface"
    display.Specular = 0.0
    if dim == 2 or job["view"] in ("xy", "xz", "yz"):
        # A flat view: the colours of the map, not shaded by the lights.
        display.Ambient = 1.0
        display.Diffuse = 0.0
    pv.ColorBy(display, (assoc, colour_array))
    lut = pv.GetColorTransferFunction(colour_array)

    if job["categories"] is not None:
        lo, hi = int(round(data_range[0])), int(round(data_range[1]))
        names = job["categories"]["names"]
        lut.InterpretValuesAsCategories = 1
        annotations, colours = [], []
        palette = [(0.122, 0.467, 0.706), (1.0, 0.498, 0.055),
                   (0.173, 0.627, 0.173), (0.839, 0.153, 0.157),
                   (0.580, 0.404, 0.741), (0.549, 0.337, 0.294),
                   (0.890, 0.467, 0.761), (0.498, 0.498, 0.498)]
        for v in range(lo, hi + 1):
            annotations += [str(v), names[v] if v < len(names) else str(v)]
            colours += list(palette[v % len(palette)])
        lut.Annotations = annotations
        lut.IndexedColors = colours
    else:
        if field == "damage":
            preset, crange = "Inferno (matplotlib)", [0.0, 1.0]
        elif field in ("hydrostatic_stress", "stress", "strain", "stress_zz"):
            m = max(abs(data_range[0]), abs(data_range[1])) or 1.0
            preset, crange = "Cool to Warm", [-m, m]
        elif field in ("grain", "level"):
            preset, crange = "Turbo", list(data_range)
        else:
            preset, crange = "Viridis (matplotlib)", list(data_range)
        if job["range"]:
            crange = list(job["range"])
        if crange[0] == crange[1]:
            crange = [crange[0] - 0.5, crange[1] + 0.5]
        lut.ApplyPreset(preset, True)
        if comp is None and ncomp > 1:
            lut.VectorMode = "Magnitude"
        lut.RescaleTransferFunction(crange[0], crange[1])
        lut.AutomaticRescaleRangeMode = "Never"

    # Camera and image size: the specimen fills the width; the colour bar
    # sits below it (2D) or beside it (3D). A first render, else
    # paraview.simple resets the camera set here when it first renders.
    pv.Render(view)
    shown_info = shown.GetDataInformation()
    sb = shown_info.GetBounds()
    cx, cy, cz = (sb[0] + sb[1]) / 2, (sb[2] + sb[3]) / 2, (sb[4] + sb[5]) / 2
    mode = job["view"]
    if mode == "auto":
        mode = "xy" if dim == 2 else "iso"
    top = 0.07 if job["caption"] else 0.02
    if mode == "iso":
        W, H = job["size"] or (1000, 760)
        view.ViewSize = [W, H]
        view.CameraPosition = [cx + 1.0, cy - 1.6, cz + 0.9]
        view.CameraFocalPoint = [cx, cy, cz]
        view.CameraViewUp = [0, 0, 1]
        view.CameraParallelProjection = 0
        pv.Render(view)
        view.ResetCamera(False)
        view.OrientationAxesVisibility = 1
        display.Ambient = 0.25
        display.Diffuse = 0.85
    else:
        axes = {"xy": (0, 1, 2), "xz": (0, 2, 1), "yz": (1, 2, 0)}[mode]
        lw = sb[2 * axes[0] + 1] - sb[2 * axes[0]]
        lh = sb[2 * axes[1] + 1] - sb[2 * axes[1]]
        bottom = 0.18
        margin = 1.06
        if job["size"]:
            W, H = job["size"]
        else:
            W = 1000
            H = int(min(1000, max(320, W * lh * margin / max(lw, 1e-30)
                                  / (1 - bottom - top))))
        # Half the visible height so that the specimen fits both ways.
        ps = max(lh * margin / (1 - bottom - top) / 2, lw * margin / 2 * H / W)
        c = [cx, cy, cz]
        up = [0.0, 0.0, 0.0]
        up[axes[1]] = 1.0
        normal = [0.0, 0.0, 0.0]
        normal[axes[2]] = 1.0 if mode != "xz" else -1.0
        focal = list(c)
        focal[axes[1]] = c[axes[1]] - ps * (bottom - top)
        view.CameraFocalPoint = focal
        view.CameraPosition = [f + 10 * max(extent) * n for f, n in zip(focal, normal)]
        view.CameraViewUp = up
        view.CameraParallelProjection = 1
        view.CameraParallelScale = ps
        view.OrientationAxesVisibility = 0
    view.ViewSize = [W, H]

    unit = job["unit"]
    bar = pv.GetScalarBar(lut, view)
    bar.Title = job["bar_title"] + (f" ({unit})" if unit else "")
    bar.ComponentTitle = ""
    bar.TitleColor = [0.0, 0.0, 0.0]
    bar.LabelColor = [0.0, 0.0, 0.0]
    bar.TitleFontSize = 18
    bar.LabelFontSize = 16
    bar.TitleBold = 0
    bar.ScalarBarThickness = 16
    bar.DrawTickMarks = 1
    bar.AddRangeLabels = 0
    bar.LabelFormat = "%-#.3g"
    bar.WindowLocation = "Any Location"
    if mode == "iso":
        bar.Orientation = "Vertical"
        bar.ScalarBarLength = 0.6
        bar.Position = [0.86, 0.2]
    else:
        bar.Orientation = "Horizontal"
        bar.ScalarBarLength = 0.5
        bar.Position = [0.25, 0.02]
        bar.TextPosition = "Ticks right/top, annotations left/bottom"
        if job["categories"] is not None:
            # Names below the bar, the title above it.
            bar.Position = [0.25, 0.075]
            bar.DrawTickMarks = 0
    display.SetScalarBarVisibility(view, True)

    if job["caption"]:
        note = job["caption"]
        if warp not in (None, 0.0):
            note += (f", displacement ×{warp:g}" if warp != 1.0 else
                     ", deformed shape (true scale)")
        text = pv.Text(Text=note)
        tdisplay = pv.Show(text, view)
        tdisplay.WindowLocation = "Upper Center"
        tdisplay.FontSize = 17
        tdisplay.Color = [0.15, 0.15, 0.15]

    pv.Render(view)
    pv.SaveScreenshot(job["output"], view, ImageResolution=[W, H],
                      TransparentBackground=0)
    if not os.path.isfile(job["output"]):
        raise RuntimeError(f"ParaView wrote no {job['output']}")
    result = {"image": job["output"], "pvd": job["pvd"], "file": job["file"],
              "step": t, "field": field, "association": assoc,
              "component": job["component_name"],
              "magnitude": comp is None and ncomp > 1,
              "range": data_range, "unit": unit,
              "colour_range": None if job["categories"] is not None else
              [lut.RGBPoints[0], lut.RGBPoints[-4]],
              "warp_scale": warp or 0.0, "image_size": [W, H]}
    with open(job["result"], "w") as f:
        json.dump(result, f)



if __name__ == "__main__":
    render(json.loads(os.environ[JOB_VARIABLE]))

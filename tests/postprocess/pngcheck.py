"""Checks that a PNG shows something: size, distinct colours, and the
share of pixels that differ from the background (the corner colour)."""
import os

import numpy as np
from PIL import Image


def png_stats(path):
    with open(path, "rb") as f:
        assert f.read(8) == b"\x89PNG\r\n\x1a\n", f"{path}: not a PNG"
    img = np.asarray(Image.open(path).convert("RGB"))
    h, w, _ = img.shape
    flat = img.reshape(-1, 3)
    colours = len(np.unique(flat.view(np.dtype((np.void, 3)))))
    corners = [tuple(img[0, 0]), tuple(img[0, -1]), tuple(img[-1, 0]), tuple(img[-1, -1])]
    background = max(set(corners), key=corners.count)
    ink = float(np.mean(np.any(flat != np.array(background), axis=1)))
    return {"width": w, "height": h, "colours": colours, "ink": ink,
            "background": background, "bytes": os.path.getsize(path)}


def assert_not_blank(path, min_colours=8, min_ink=0.02, max_bytes=None):
    s = png_stats(path)
    assert s["colours"] >= min_colours, f"{path}: only {s['colours']} colours: {s}"
    assert s["ink"] >= min_ink, f"{path}: {100 * s['ink']:.2f} % non-background pixels: {s}"
    if max_bytes is not None:
        assert s["bytes"] <= max_bytes, f"{path}: {s['bytes']} bytes > {max_bytes}"
    return s

#!/usr/bin/python3
"""Independent reader of the VTK XML files nanomech writes (deal.II's
write_vtu_with_pvtu_record): the data range of one array over all pieces
of a .pvtu record, with no ParaView.

  tests/postprocess/vtu_range.py FILE.pvtu ARRAY   prints min max

Handles ascii and inline binary DataArrays, zlib-compressed or not, with
UInt32 or UInt64 headers, header and data base64-encoded separately (as
deal.II and VTK write them) or together. Used by the render test to check
ParaView's range against numbers computed here.
"""
import base64
import os
import struct
import sys
import xml.etree.ElementTree as ET
import zlib

import numpy as np

_TYPES = {"Float32": "f4", "Float64": "f8", "Int8": "i1", "UInt8": "u1",
          "Int16": "i2", "UInt16": "u2", "Int32": "i4", "UInt32": "u4",
          "Int64": "i8", "UInt64": "u8"}


def _b64(text):
    return base64.b64decode(text + "=" * (-len(text) % 4))


def _decode_binary(text, header_type, compressed, little):
    isz = 8 if header_type == "UInt64" else 4
    fmt = ("<" if little else ">") + ("Q" if isz == 8 else "I")
    if not compressed:
        hc = 4 * ((isz + 2) // 3)
        nbytes = struct.unpack(fmt, _b64(text[:hc])[:isz])[0]
        data = _b64(text[hc:])
        if len(data) < nbytes:                  # encoded together
            raw = _b64(text)
            data = raw[isz:isz + nbytes]
        return data[:nbytes]
    # Compressed: [n_blocks, block_size, last_block_size, sizes...].
    first = _b64(text[:4 * ((isz + 2) // 3)])
    nblocks = struct.unpack(fmt, first[:isz])[0]
    hb = (3 + nblocks) * isz
    hc = 4 * ((hb + 2) // 3)
    for separate in (True, False):
        if separate:
            header, body = _b64(text[:hc]), _b64(text[hc:])
        else:
            raw = _b64(text)
            header, body = raw[:hb], raw[hb:]
        values = struct.unpack(fmt[0] + fmt[1] * (3 + nblocks), header[:hb])
        sizes = values[3:]
        if sum(sizes) != len(body):
            continue
        out, pos = [], 0
        for s in sizes:
            out.append(zlib.decompress(body[pos:pos + s]))
            pos += s
        return b"".join(out)
    raise ValueError("binary DataArray: block sizes do not match the data")


def read_array(vtu, name):
    """The array `name` (point or cell data) of one .vtu piece as an
    (n, components) float64 array."""
    root = ET.parse(vtu).getroot()
    header_type = root.get("header_type", "UInt32")
    compressed = root.get("compressor") is not None
    if compressed and "ZLib" not in root.get("compressor"):
        raise ValueError(f"{vtu}: compressor {root.get('compressor')} not handled")
    little = root.get("byte_order", "LittleEndian") == "LittleEndian"
    for a in root.iter("DataArray"):
        if a.get("Name") != name:
            continue
        ncomp = int(a.get("NumberOfComponents", "1"))
        fmt = a.get("format")
        dtype = np.dtype(_TYPES[a.get("type")]).newbyteorder("<" if little else ">")
        text = "".join((a.text or "").split())
        if fmt == "ascii":
            values = np.array((a.text or "").split(), dtype=float)
        elif fmt == "binary":
            values = np.frombuffer(_decode_binary(text, header_type, compressed,
                                                  little), dtype=dtype)
        else:
            raise ValueError(f"{vtu}: DataArray format {fmt} not handled")
        return values.astype(float).reshape(-1, ncomp)
    raise KeyError(f"{vtu}: no DataArray {name}")


def pieces(pvtu):
    root = ET.parse(pvtu).getroot()
    d = os.path.dirname(pvtu)
    return [os.path.join(d, p.get("Source")) for p in root.iter("Piece")]


def data_range(pvtu, name):
    """(min, max) of a scalar array, or of the magnitude of a vector, over
    all pieces of a .pvtu record."""
    lo, hi = np.inf, -np.inf
    for vtu in pieces(pvtu):
        v = read_array(vtu, name)
        s = v[:, 0] if v.shape[1] == 1 else np.linalg.norm(v, axis=1)
        if s.size:
            lo, hi = min(lo, s.min()), max(hi, s.max())
    return float(lo), float(hi)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    print(*data_range(sys.argv[1], sys.argv[2]))

#!/usr/bin/env python3
"""Shading of a flat-field frame from `ispsim run --scene flat`: each corner's mean against the
centre's, as luma (Y'), as linear-light green, and as colour (R/G and B/G relative to the
centre's), in patches of 1/N of the frame each way.

  scripts/flat_field_uniformity.py out/frame.nv12 4096 3072 [--patch 16]

Reads the NV12 file (Y plane, then interleaved CbCr) and converts it back to sRGB with the
inverse of the ISP's default BT.709 limited-range matrix. Standard library only."""
import argparse


def srgb_to_linear(code):
    v = min(255.0, max(0.0, code)) / 255.0
    return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4


def patch_means(luma, chroma, width, x0, y0, pw, ph):
    n = 0
    sums = [0.0] * 4  # Y', linear R, G, B
    for y in range(y0, y0 + ph):
        for x in range(x0, x0 + pw):
            yy = luma[y * width + x]
            cb = chroma[(y // 2) * width + (x // 2) * 2] - 128
            cr = chroma[(y // 2) * width + (x // 2) * 2 + 1] - 128
            c = 1.164 * (yy - 16)
            rgb = (c + 1.793 * cr, c - 0.213 * cb - 0.533 * cr, c + 2.112 * cb)
            sums[0] += yy
            for k in range(3):
                sums[1 + k] += srgb_to_linear(rgb[k])
            n += 1
    return [s / n for s in sums]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("nv12")
    parser.add_argument("width", type=int)
    parser.add_argument("height", type=int)
    parser.add_argument("--patch", type=int, default=16, help="patch = frame / PATCH each way")
    a = parser.parse_args()
    data = open(a.nv12, "rb").read()
    if len(data) != a.width * a.height * 3 // 2:
        raise SystemExit(f"{a.nv12}: {len(data)} bytes, not a {a.width}x{a.height} NV12 frame")
    luma, chroma = data[: a.width * a.height], data[a.width * a.height :]
    pw, ph = a.width // a.patch, a.height // a.patch
    centre = patch_means(luma, chroma, a.width, (a.width - pw) // 2, (a.height - ph) // 2, pw, ph)
    print(f"patch {pw}x{ph}; centre Y' {centre[0]:.1f}")
    corners = {"top-left": (0, 0), "top-right": (a.width - pw, 0),
               "bottom-left": (0, a.height - ph), "bottom-right": (a.width - pw, a.height - ph)}
    for name, (x0, y0) in corners.items():
        p = patch_means(luma, chroma, a.width, x0, y0, pw, ph)
        print(f"{name:12s} Y' {p[0] / centre[0]:.3f}  linear G {p[2] / centre[2]:.3f}  "
              f"R/G {(p[1] / p[2]) / (centre[1] / centre[2]):.3f}  "
              f"B/G {(p[3] / p[2]) / (centre[3] / centre[2]):.3f}")


if __name__ == "__main__":
    main()

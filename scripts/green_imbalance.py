#!/usr/bin/env python3
"""Gr/Gb balance of a raw dump from `ispsim run --dump-after BLOCK` (a 16-bit grey PNG of the
RGGB mosaic, 12-bit codes x 16): each Gr sample against the mean of its four diagonal Gb
neighbours, summed over bands at the right, left and top edges and the centre.

  scripts/green_imbalance.py out/after_lens_shading.png

Standard library only (a small PNG reader for 16-bit grey)."""
import zlib, struct, sys
def read_png16_grey(path):
    d = open(path, 'rb').read(); pos = 8; idat = b''
    while pos < len(d):
        n = struct.unpack('>I', d[pos:pos+4])[0]; t = d[pos+4:pos+8]; body = d[pos+8:pos+8+n]; pos += 12 + n
        if t == b'IHDR': w, h, bits, ctype = struct.unpack('>IIBB', body[:10])
        elif t == b'IDAT': idat += body
    assert bits == 16 and ctype == 0
    raw = zlib.decompress(idat); bpp = 2; stride = w * 2
    rows = []; prev = bytearray(stride); i = 0
    for y in range(h):
        f = raw[i]; line = bytearray(raw[i+1:i+1+stride]); i += 1 + stride
        for x in range(stride):
            a = line[x-bpp] if x >= bpp else 0; b = prev[x]; c = prev[x-bpp] if x >= bpp else 0
            if f == 1: line[x] = (line[x] + a) & 255
            elif f == 2: line[x] = (line[x] + b) & 255
            elif f == 3: line[x] = (line[x] + ((a + b) >> 1)) & 255
            elif f == 4:
                p = a + b - c; pa, pb, pc = abs(p-a), abs(p-b), abs(p-c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append([ (line[2*x] << 8 | line[2*x+1]) >> 4 for x in range(w)]); prev = line
    return rows, w, h
def ratio(rows, x0, x1, y0, y1):
    gr = gb = 0.0
    for y in range(y0 + (y0 & 1), y1, 2):
        for x in range(x0 | 1, x1, 2):
            gr += rows[y][x]
            gb += 0.25 * (rows[y-1][x-1] + rows[y-1][x+1] + rows[y+1][x-1] + rows[y+1][x+1])
    return gr / gb
rows, w, h = read_png16_grey(sys.argv[1])
print("%s: Gr/Gb right edge %.4f  left edge %.4f  top %.4f  centre %.4f" % (sys.argv[1].split('/')[-2],
    ratio(rows, w-24, w-2, h//2-64, h//2+64), ratio(rows, 2, 24, h//2-64, h//2+64),
    ratio(rows, w//2-64, w//2+64, 2, 24), ratio(rows, w//2-32, w//2+32, h//2-32, h//2+32)))

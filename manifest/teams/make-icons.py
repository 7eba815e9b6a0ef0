#!/usr/bin/env python3
"""Draws the Teams app icons (a shield with a keyhole) with no image library:
color.png 192x192 (white shield on the accent colour) and outline.png 32x32 (white on transparent).
Run from anywhere: python3 manifest/teams/make-icons.py"""
import os
import struct
import zlib

ACCENT = (0x1F, 0x6F, 0xEB)
WHITE = (255, 255, 255)
SAMPLES = 6  # supersampling per axis, for smooth edges


def shield(u, v):
    """Inside test in shield space: u across (-1..1), v down (0 top .. 1 tip)."""
    if v < 0 or v > 1:
        return False
    top = 0.10 * (1 - u * u)  # the top edge dips gently towards the middle
    if v < top:
        return False
    half = 1.0 if v < 0.45 else ((1 - v) / 0.55) ** 0.6
    return abs(u) <= half


def keyhole(u, v, aspect):
    """aspect = shield half-width / height, so the hole is round in pixels."""
    x = u * aspect
    return x * x + (v - 0.40) ** 2 <= 0.11 ** 2 or (0.40 <= v <= 0.72 and abs(x) <= 0.035 + 0.08 * (v - 0.40))


def render(size, pixel):
    """pixel(x, y) -> (r, g, b, a) for a point in 0..1 image space; returns averaged RGBA rows."""
    rows = []
    for py in range(size):
        row = bytearray()
        for px in range(size):
            acc = [0, 0, 0, 0]
            for sy in range(SAMPLES):
                for sx in range(SAMPLES):
                    r, g, b, a = pixel((px + (sx + 0.5) / SAMPLES) / size, (py + (sy + 0.5) / SAMPLES) / size)
                    acc = [acc[0] + r * a, acc[1] + g * a, acc[2] + b * a, acc[3] + a]
            alpha = acc[3] / SAMPLES ** 2
            colour = [round(c / acc[3]) if acc[3] else 0 for c in acc[:3]]
            row += bytes(colour + [round(alpha * 255)])
        rows.append(bytes(row))
    return rows


def write_png(path, size, rows):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    raw = b"".join(b"\x00" + row for row in rows)
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n")
        f.write(chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)))
        f.write(chunk(b"IDAT", zlib.compress(raw, 9)))
        f.write(chunk(b"IEND", b""))


def to_shield(x, y, left, top, width, height):
    return (x - left) / (width / 2) - 1, (y - top) / height


def color_pixel(x, y):
    u, v = to_shield(x, y, 0.22, 0.16, 0.56, 0.68)
    if shield(u, v) and not keyhole(u, v, 0.28 / 0.68):
        return (*WHITE, 1)
    return (*ACCENT, 1)


def outline_pixel(x, y):
    u, v = to_shield(x, y, 0.125, 0.06, 0.75, 0.88)
    inner = shield(u * 1.22, (v - 0.085) * 1.17)  # the shield shrunk by about the stroke width
    if (shield(u, v) and not inner) or keyhole(u, v, 0.375 / 0.88):
        return (*WHITE, 1)
    return (0, 0, 0, 0)


if __name__ == "__main__":
    here = os.path.dirname(os.path.abspath(__file__))
    write_png(os.path.join(here, "color.png"), 192, render(192, color_pixel))
    write_png(os.path.join(here, "outline.png"), 32, render(32, outline_pixel))

#!/usr/bin/env python3
"""Draws Tandem's app icons (Public/icons/) with the standard library only (zlib + struct).

A bold white « T » on the header's dark blue (--accent-dark in Public/css/tandem.css), underlined
by the focus yellow (--focus). The maskable icon keeps the letter inside the central safe zone
(a circle of 40 % of the size), so that any mask the phone applies leaves it whole.

Run from the repository's root: python3 scripts/make-icons.py
"""
import os
import struct
import zlib

BLUE = (0x08, 0x3A, 0x66)    # --accent-dark
WHITE = (0xFF, 0xFF, 0xFF)   # --paper
YELLOW = (0xFF, 0xBF, 0x47)  # --focus


def png(width, height, rows):
    """rows: a list of bytes objects, 3 bytes (RGB) per pixel."""
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)
    raw = b"".join(b"\x00" + row for row in rows)  # filter 0 (none) on every row
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8 bits, RGB
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def icon(size, scale):
    """The letter's box is `scale` of the icon, centred."""
    box = size * scale
    left = (size - box) / 2
    top = (size - box) / 2

    def rect(x0, y0, x1, y1):
        return (left + x0 * box, top + y0 * box, left + x1 * box, top + y1 * box)

    # In units of the box: the T's bar, its stem, and the underline.
    shapes = [
        (rect(0.08, 0.06, 0.92, 0.28), WHITE),
        (rect(0.36, 0.06, 0.64, 0.80), WHITE),
        (rect(0.20, 0.86, 0.80, 0.96), YELLOW),
    ]
    rows = []
    for y in range(size):
        row = bytearray()
        cy = y + 0.5
        for x in range(size):
            cx = x + 0.5
            colour = BLUE
            for (x0, y0, x1, y1), fill in shapes:
                if x0 <= cx < x1 and y0 <= cy < y1:
                    colour = fill
                    break
            row += bytes(colour)
        rows.append(bytes(row))
    return png(size, size, rows)


def main():
    folder = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Public", "icons")
    os.makedirs(folder, exist_ok=True)
    outputs = {
        "icon-192.png": icon(192, 0.62),
        "icon-512.png": icon(512, 0.62),
        # Safe zone: a centred circle of diameter 80 %; a box of 50 % fits inside it.
        "icon-maskable-512.png": icon(512, 0.50),
    }
    for name, data in outputs.items():
        with open(os.path.join(folder, name), "wb") as handle:
            handle.write(data)
        print(name, len(data), "octets")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Convert a district boundary map of Pakistan into crates/hifazat-stats/data/district_shapes.csv.

Run by hand, once, when the boundaries change; never at build or run time. Standard library
only (Python 3.9 or later).

Input
-----
The SVG file of the npm package ``@svg-maps/pakistan.districts`` version 2.0.0 (Unlicense;
drawn after Schajee's public-domain "Pakistan Districts" map on Wikimedia Commons). Get it
with the ordinary npm client, in any scratch folder:

    npm pack @svg-maps/pakistan.districts@2.0.0
    tar xzf svg-maps-pakistan.districts-2.0.0.tgz     # -> package/pakistan.districts.svg

The tarball's integrity is recorded in crates/hifazat-stats/data/README.md.

Run (from the repository root)
------------------------------

    python3 scripts/district_map.py --svg /path/to/package/pakistan.districts.svg

It reads the district code lists of hifazat-domain (crates/hifazat-domain/data/districts.csv
and districts_ajk_gb.csv), writes crates/hifazat-stats/data/district_shapes.csv (columns
``code,path``) and prints the view box, the file size and the districts left without a shape.

What it does
------------
1. Reads every ``<path>`` of the SVG (commands M, m, L, l, H, h, V, v, Z, z: the file has only
   straight segments) into absolute rings.
2. Georeferences the drawing. The source is a plate carree drawing, north up: laid over the
   outline of Pakistan from Natural Earth 1:50m (npm ``world-atlas`` 2.0.2, countries-50m,
   public domain) with the two bounding boxes matched axis by axis, the outlines coincide to
   within a few pixels all round. So the drawing's bounding box is mapped linearly onto the
   Natural Earth bounding box below (longitude from x, latitude from y).
3. Projects longitude/latitude with an equirectangular projection scaled by cos(30 deg)
   (x = lon * cos 30, y = -lat), into a view box 600 units wide with a small margin, y down.
4. Simplifies each ring with Douglas-Peucker (tolerance ``--tolerance``, view-box units),
   rounds to one decimal and drops repeated points. Rings are simplified one by one, so a
   border shared by two districts may move by up to the tolerance on either side: keep the
   tolerance well below one unit.
5. Maps each source district to Hifazat's three-letter code: by name (case, spaces and
   punctuation ignored) or through RENAMED below, which also says why. A code that gets
   several source polygons gets them all as subpaths of one ``d``.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import math
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOMAIN_DATA = ROOT / "crates" / "hifazat-domain" / "data"
DEFAULT_OUT = ROOT / "crates" / "hifazat-stats" / "data" / "district_shapes.csv"

# Bounding box of Pakistan in Natural Earth 1:50m admin-0 (world-atlas 2.0.2,
# countries-50m.json, feature "Pakistan"): west, east, south, north, in degrees.
LON_W, LON_E = 60.842408, 77.049770
LAT_S, LAT_N = 23.752626, 37.036525

# SHA-256 of package/pakistan.districts.svg in @svg-maps/pakistan.districts 2.0.0.
SVG_SHA256 = "de550973df067774aff324b7c0236cbeee861ac238ebd7a915c052973b97437d"

WIDTH = 600.0  # view box width
MARGIN = 4.0  # view box units left free on each side
COS30 = math.cos(math.radians(30.0))

# Source district (its SVG id) -> Hifazat code, where the names do not match as written.
# Each entry says why; the data README lists the same decisions.
RENAMED = {
    # Spelling only.
    "chaghai": ("CHG", "Chagai: spelling"),
    "haranai": ("HRN", "Harnai: spelling"),
    "jafarabad": ("JFF", "Jaffarabad: spelling; the polygon predates the 2013 split of Sohbatpur "
                  "from Jaffarabad and so also covers Sohbatpur (SHB), which has no shape"),
    "naseerabad": ("NSR", "Nasirabad: spelling"),
    "sheerani": ("SHR", "Sherani: spelling"),
    "battagram": ("BTG", "Batagram: spelling"),
    "nankana-sahab": ("NSN", "Nankana Sahib: spelling"),
    "rahimyar-khan": ("RYK", "Rahim Yar Khan: spelling"),
    "shaikhupura": ("SHK", "Sheikhupura: spelling"),
    "naushahro-firoze": ("NFS", "Naushahro Feroze: spelling"),
    "qambar-shahdatkot": ("KSK", "Kambar Shahdad Kot: spelling"),
    "umerkot": ("UKM", "Umer Kot: spelling"),
    "sudhnati": ("SDN", "Sudhnoti: spelling"),
    "ghanhce": ("GNC", "Ghanche: misspelt in the source"),
    # Renamed districts.
    "bolan": ("KHH", "Kachhi: the former Bolan district, renamed"),
    "nawabshah": ("SBH", "Shaheed Benazirabad: the former Nawabshah district, renamed in 2008"),
    "malakand": ("MPA", "Malakand Protected Area: the 2017 census name of Malakand district"),
    "hattian": ("JVL", "Jhelum Valley: the former Hattian (Hattian Bala) district, renamed"),
    # Frontier regions of the former FATA.
    "bannu-subdivision": ("FBR", "FR Bannu"),
    "d-i-khan-subdivision": ("FDI", "FR D.I.Khan"),
    "kohat-subdivision": ("FKR", "FR Kohat"),
    "lakki-subdivision": ("FLM", "FR Lakki Marwat"),
    "peshawar-subdivision": ("FPR", "FR Peshawar"),
    "tank-subdivision": ("FTR", "FR Tank"),
    # One source polygon covering several of our districts: the polygon goes to the
    # district that kept the name, or, where none did, to the one covering most of it.
    "karachi": ("MLR", "Malir: the source has one Karachi district; of the six districts "
                "of Karachi in the 2017 census Malir covers most of it (2,160 of 3,527 km2). "
                "Karachi Central, East, South, West and Korangi have no shape"),
    "hunza-nagar": ("HNZ", "Hunza: the source has the former Hunza-Nagar district; Hunza is "
                    "the larger part. Nagar (NGR) has no shape"),
}

# Source polygons that cover more than one of our districts and keep their own name; the
# other districts inside them have no shape. Listed for the report and the README.
ALSO_COVERS = {
    "thatta": "also covers Sujawal (SJW, split off in 2013; 8,785 km2 against Thatta's 8,570)",
    "mansehra": "also covers Torghar (TRG, split off in 2011)",
    "ghizer": "also covers Gupis-Yasin (GPY, split off in 2019)",
    "skardu": "also covers Shigar (SGR) and Kharmang (KMG), split off in 2015, and Roundu (RDU), "
              "split off in 2019",
    "diamer": "also covers Darel (DRL) and Tangir (TGR), split off in 2019",
}


def norm(name: str) -> str:
    return re.sub(r"[^a-z]", "", name.lower())


def read_districts() -> list[dict]:
    rows = []
    for name, census in (("districts.csv", True), ("districts_ajk_gb.csv", False)):
        with open(DOMAIN_DATA / name, newline="", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                row["census"] = census
                rows.append(row)
    return rows


def read_svg(path: Path) -> list[tuple[str, str, list[list[tuple[float, float]]]]]:
    """(id, label, rings) for every path of the SVG, in file order."""
    text = path.read_text(encoding="utf-8")
    out = []
    for attrs in re.findall(r"<path\b(.*?)/?>", text, re.S):
        ident = re.search(r'\bid="([^"]*)"', attrs)
        label = re.search(r'\baria-label="([^"]*)"', attrs)
        d = re.search(r'\sd="([^"]*)"', attrs)
        if not (ident and d):
            continue
        out.append((ident.group(1), label.group(1) if label else ident.group(1), parse_d(d.group(1))))
    return out


def parse_d(d: str) -> list[list[tuple[float, float]]]:
    """Absolute rings of an SVG path made of straight segments."""
    tokens = re.findall(r"[A-Za-z]|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?", d)
    rings: list[list[tuple[float, float]]] = []
    ring: list[tuple[float, float]] = []
    x = y = 0.0
    start = (0.0, 0.0)
    cmd = ""
    i = 0

    def number() -> float:
        nonlocal i
        v = float(tokens[i])
        i += 1
        return v

    while i < len(tokens):
        tok = tokens[i]
        if tok.isalpha():
            cmd = tok
            i += 1
            if cmd in "Zz":
                if ring:
                    rings.append(ring)
                ring = []
                x, y = start
            elif cmd not in "MmLlHhVv":
                raise ValueError(f"unsupported path command {cmd!r}")
            continue
        if cmd in "Mm":
            dx, dy = number(), number()
            if ring:
                rings.append(ring)
            x, y = (x + dx, y + dy) if cmd == "m" else (dx, dy)
            ring = [(x, y)]
            start = (x, y)
            cmd = "l" if cmd == "m" else "L"  # later pairs are line-tos
        elif cmd == "l":
            x, y = x + number(), y + number()
            ring.append((x, y))
        elif cmd == "L":
            x, y = number(), number()
            ring.append((x, y))
        elif cmd == "h":
            x += number()
            ring.append((x, y))
        elif cmd == "H":
            x = number()
            ring.append((x, y))
        elif cmd == "v":
            y += number()
            ring.append((x, y))
        elif cmd == "V":
            y = number()
            ring.append((x, y))
        else:
            raise ValueError(f"number without a command in {d[:40]!r}")
    if ring:
        rings.append(ring)
    return [r for r in rings if len(r) >= 3]


def perpendicular(p, a, b) -> float:
    (px, py), (ax, ay), (bx, by) = p, a, b
    dx, dy = bx - ax, by - ay
    if dx == 0 and dy == 0:
        return math.hypot(px - ax, py - ay)
    return abs(dy * px - dx * py + bx * ay - by * ax) / math.hypot(dx, dy)


def douglas_peucker(points, tol):
    if len(points) < 3 or tol <= 0:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        lo, hi = stack.pop()
        best, index = -1.0, -1
        for k in range(lo + 1, hi):
            dist = perpendicular(points[k], points[lo], points[hi])
            if dist > best:
                best, index = dist, k
        if index > 0 and best > tol:
            keep[index] = True
            stack.append((lo, index))
            stack.append((index, hi))
    return [p for p, k in zip(points, keep) if k]


def simplify_ring(ring, tol):
    """Douglas-Peucker on a closed ring: split at the first point and the point farthest
    from it, simplify both halves."""
    if ring[0] == ring[-1]:
        ring = ring[:-1]
    if len(ring) < 4 or tol <= 0:
        return ring
    far = max(range(len(ring)), key=lambda k: math.hypot(ring[k][0] - ring[0][0], ring[k][1] - ring[0][1]))
    first = douglas_peucker(ring[: far + 1], tol)
    second = douglas_peucker(ring[far:] + [ring[0]], tol)
    out = first[:-1] + second[:-1]
    return out if len(out) >= 3 else ring


def fmt(v: float) -> str:
    s = f"{v:.1f}"
    if s.endswith(".0"):
        s = s[:-2]
    return "0" if s == "-0" else s


def ring_to_d(ring) -> str | None:
    pts = []
    for x, y in ring:
        p = (fmt(x), fmt(y))
        if not pts or pts[-1] != p:
            pts.append(p)
    while len(pts) > 1 and pts[-1] == pts[0]:
        pts.pop()
    if len(pts) < 3:
        return None
    return "M" + "L".join(f"{x},{y}" for x, y in pts) + "Z"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--svg", required=True, type=Path, help="pakistan.districts.svg from the npm package")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--tolerance", type=float, default=0.2, help="Douglas-Peucker tolerance, view-box units")
    args = ap.parse_args()

    digest = hashlib.sha256(args.svg.read_bytes()).hexdigest()
    if digest != SVG_SHA256:
        print(f"warning: {args.svg} is not the SVG of @svg-maps/pakistan.districts 2.0.0 "
              f"(sha256 {digest}); check the georeference and the name mapping", file=sys.stderr)

    districts = read_districts()
    by_code = {r["code"]: r for r in districts}
    by_name = {norm(r["district"]): r["code"] for r in districts}
    sources = read_svg(args.svg)

    # Georeference: the drawing's bounding box is Natural Earth's bounding box of Pakistan.
    xs = [x for _, _, rings in sources for r in rings for x, _ in r]
    ys = [y for _, _, rings in sources for r in rings for _, y in r]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    scale = (WIDTH - 2 * MARGIN) / ((LON_E - LON_W) * COS30)
    height = math.ceil(2 * MARGIN + (LAT_N - LAT_S) * scale)

    def project(x: float, y: float) -> tuple[float, float]:
        lon = LON_W + (x - x0) / (x1 - x0) * (LON_E - LON_W)
        lat = LAT_N - (y - y0) / (y1 - y0) * (LAT_N - LAT_S)
        return MARGIN + (lon - LON_W) * COS30 * scale, MARGIN + (LAT_N - lat) * scale

    paths: dict[str, list[str]] = {}
    sources_of: dict[str, list[str]] = {}
    unmatched = []
    points_in = points_out = 0
    for ident, label, rings in sources:
        if ident in RENAMED:
            code = RENAMED[ident][0]
        else:
            code = by_name.get(norm(label)) or by_name.get(norm(ident))
        if code is None or code not in by_code:
            unmatched.append(f"{ident} ({label})")
            continue
        for ring in rings:
            projected = [project(x, y) for x, y in ring]
            simplified = simplify_ring(projected, args.tolerance)
            d = ring_to_d(simplified)
            points_in += len(ring)
            if d:
                points_out += d.count(",")
                paths.setdefault(code, []).append(d)
        sources_of.setdefault(code, []).append(label)
    if unmatched:
        print("source districts with no code: " + ", ".join(unmatched), file=sys.stderr)
        return 1

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["code", "path"])
    for code in sorted(paths):
        w.writerow([code, "".join(paths[code])])
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(buf.getvalue(), encoding="utf-8")

    census = [r for r in districts if r["census"]]
    print(f"view box: 0 0 {int(WIDTH)} {height}")
    print(f"wrote {args.out} ({args.out.stat().st_size} bytes, {len(paths)} districts, "
          f"{points_in} points in, {points_out} out)")
    print(f"census districts with a shape: {sum(r['code'] in paths for r in census)} of {len(census)}")
    print(f"AJK/GB districts with a shape: "
          f"{sum(r['code'] in paths for r in districts if not r['census'])} of "
          f"{sum(1 for r in districts if not r['census'])}")
    for code, labels in sorted(sources_of.items()):
        if len(labels) > 1:
            print(f"{code}: merged from {', '.join(labels)}")
    print("renamed: " + "; ".join(f"{k} -> {v[0]} ({v[1]})" for k, v in RENAMED.items()))
    print("covering more than one district: " + "; ".join(f"{k}: {v}" for k, v in ALSO_COVERS.items()))
    missing = [f"{r['code']} {r['district']}" for r in districts if r["code"] not in paths]
    print(f"without a shape ({len(missing)}): " + ", ".join(missing))
    return 0


if __name__ == "__main__":
    sys.exit(main())

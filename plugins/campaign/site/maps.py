"""Maps with folium/Leaflet: city centres only, served entirely from the site.

folium builds the Leaflet map; two small elements of our own draw the
country outlines shipped with the site and the city markers. Popup HTML comes
from autoescaped templates and reaches the script through `tojson`, so a
city or organisation name can never become script. Element ids are fixed, so
two builds of the same content write identical files. No tile server is used
unless one is configured.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import folium
from branca.element import MacroElement
from jinja2 import Template
from markupsafe import escape

LEAFLET_JS = "assets/vendor/leaflet/leaflet.js"
LEAFLET_CSS = "assets/vendor/leaflet/leaflet.css"
OUTLINES_JS = "assets/maps/outlines.js"


@dataclass
class Point:
    lat: float
    lon: float
    count: int  # published stories: decides the marker size
    label: str  # plain text tooltip
    popup: str  # escaped HTML


def radius(count: int) -> float:
    """Marker radius in pixels: area grows with the number of stories."""
    return round(5 + 4 * math.sqrt(max(count, 0)), 1)


class _Outlines(MacroElement):
    _template = Template("""{% macro script(this, kwargs) %}
    if (window.WAV_OUTLINES) {
        L.geoJSON(window.WAV_OUTLINES, {interactive: false, style: {color: "#7e57c2", weight: 1, fillColor: "#ede7f6", fillOpacity: 1}}).addTo({{ this._parent.get_name() }});
    }
{% endmacro %}""")


class _CityMarker(MacroElement):
    _template = Template("""{% macro script(this, kwargs) %}
    L.circleMarker({{ this.location|tojson }}, {radius: {{ this.radius }}, color: "#4527a0", weight: 2, fillColor: "#d81b60", fillOpacity: 0.75})
        .bindPopup({{ this.popup|tojson }})
        .bindTooltip({{ this.label|tojson }})
        .addTo({{ this._parent.get_name() }});
{% endmacro %}""")

    def __init__(self, point: Point):
        super().__init__()
        self._name = "CityMarker"
        self.location = [point.lat, point.lon]
        self.radius = radius(point.count)
        self.popup = point.popup
        self.label = str(escape(point.label))  # Leaflet tooltips take HTML


def build_map(map_id: str, points: list[Point], tiles: dict | None = None, zoom: int | None = None):
    """(div HTML, script) of a map showing `points`; `zoom` fixes the zoom for a single point."""
    lats = [p.lat for p in points] or [45.0]
    lons = [p.lon for p in points] or [55.0]
    center = [round((min(lats) + max(lats)) / 2, 4), round((min(lons) + max(lons)) / 2, 4)]
    fmap = folium.Map(location=center, zoom_start=zoom or 4, tiles=None, control_scale=False,
                      attribution_control=bool(tiles))
    fmap._id = map_id
    fmap.default_js = []  # Leaflet is loaded by the page itself, from the site
    fmap.default_css = []
    if tiles and tiles.get("url"):
        layer = folium.TileLayer(tiles=tiles["url"], attr=tiles.get("attribution", ""), name="tiles")
        layer._id = f"{map_id}_tiles"
        layer.add_to(fmap)
    _Outlines().add_to(fmap)
    for point in points:
        _CityMarker(point).add_to(fmap)
    if len(points) > 1 and zoom is None:
        fmap.fit_bounds([[min(lats), min(lons)], [max(lats), max(lons)]], padding=(30, 30))
    root = fmap.get_root()
    root.render()
    for child in root.script._children.values():  # fit_bounds and friends carry random ids too
        child._id = f"{map_id}_{child._name.lower()}"
    script = root.script.render()
    return f'<div class="folium-map wav-map__canvas" id="map_{map_id}"></div>', script

"""Maps with folium/Leaflet: city centres only, served entirely from the site.

folium builds the Leaflet map; javascripts/wav-map.js draws the country
outlines shipped with the site, the city circles and their names. Popup HTML comes
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
    """Circle radius in pixels, as javascripts/wav-map.js draws it: area grows with the count
    and the number fits inside."""
    return round((20 + 7 * math.sqrt(max(count, 0))) / 2, 1)


class _Campaign(MacroElement):
    """Outlines, city circles with their numbers and names, and place names, drawn by
    javascripts/wav-map.js from this data (tojson: a name can never become script)."""
    _template = Template("""{% macro script(this, kwargs) %}
    window.WAV_MAP.draw({{ this._parent.get_name() }}, {{ this.data|tojson }});
{% endmacro %}""")

    def __init__(self, points: list[Point], fit: str | None, places: list[dict]):
        super().__init__()
        self._name = "Campaign"
        self.data = {"cities": [{"lat": p.lat, "lon": p.lon, "count": p.count, "name": p.label, "popup": str(p.popup)}
                                for p in points],
                     "fit": fit, "places": places}


def build_map(map_id: str, points: list[Point], tiles: dict | None = None, zoom: int | None = None,
              fit: str | None = None, places: list[dict] | None = None):
    """(div HTML, script) of a map showing `points`; `zoom` fixes the zoom for a single point,
    `fit` names the outline (Natural Earth's English name) the map shows whole, `places` are
    names written on the map ({name, kind, outline} or {name, kind, lat, lon})."""
    lats = [p.lat for p in points] or [45.0]
    lons = [p.lon for p in points] or [55.0]
    center = [round((min(lats) + max(lats)) / 2, 4), round((min(lons) + max(lons)) / 2, 4)]
    # no wheel zoom: a page scrolled with the wheel must not get stuck in the map
    fmap = folium.Map(location=center, zoom_start=zoom or 4, tiles=None, control_scale=False,
                      attribution_control=bool(tiles), scroll_wheel_zoom=False, zoom_snap=0.25)
    fmap._id = map_id
    fmap.default_js = []  # Leaflet is loaded by the page itself, from the site
    fmap.default_css = []
    if tiles and tiles.get("url"):
        layer = folium.TileLayer(tiles=tiles["url"], attr=tiles.get("attribution", ""), name="tiles")
        layer._id = f"{map_id}_tiles"
        layer.add_to(fmap)
    _Campaign(points, fit, places or []).add_to(fmap)
    root = fmap.get_root()
    root.render()
    for child in root.script._children.values():  # fit_bounds and friends carry random ids too
        child._id = f"{map_id}_{child._name.lower()}"
    script = root.script.render()
    return f'<div class="folium-map wav-map__canvas" id="map_{map_id}"></div>', script

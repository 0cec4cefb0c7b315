"""Atom feeds (RFC 4287) per language: site-wide, per record type and per city.

Entry ids are tag: URIs built from the record's type and slug, so they stay
the same across builds, languages and hosts. Titles and summaries are in the
feed's language when the record exists in it, otherwise in the record's first
language, marked with xml:lang. Only published records appear.
"""
from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from urllib.parse import urlparse

from .exports import absolute

ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
LIMIT = 50
ET.register_namespace("", ATOM)


# characters XML 1.0 cannot carry: the check refuses them in front matter; this keeps every
# feed well-formed whatever reaches it
NOT_XML = re.compile("[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _text(value) -> str:
    return NOT_XML.sub("", str(value))


def _tag(name):
    return f"{{{ATOM}}}{name}"


def authority(site_url: str) -> str:
    return urlparse(site_url).hostname or "women-against-violence.example"


def entry_id(site_url: str, record) -> str:
    return f"tag:{authority(site_url)},2014:{record.type}/{record.slug}"


def updated(record) -> str:
    dates = [str(record.meta.get("published") or "2014-01-01")]
    dates += [str(u.get("date")) for u in record.meta.get("updates") or [] if u.get("date")]
    return max(dates) + "T00:00:00Z"


def atom(records, *, lang: str, default: str, site_url: str, feed_path: str, page_path: str,
         title: str, author: str) -> str:
    records = sorted(records, key=lambda r: (updated(r), r.slug), reverse=True)[:LIMIT]
    feed = ET.Element(_tag("feed"), {XML_LANG: lang})
    ET.SubElement(feed, _tag("id")).text = f"tag:{authority(site_url)},2014:feed/{feed_path}"
    ET.SubElement(feed, _tag("title")).text = _text(title)
    ET.SubElement(feed, _tag("updated")).text = (max(updated(r) for r in records) if records
                                                 else dt.datetime(2014, 3, 8).strftime("%Y-%m-%dT00:00:00Z"))
    ET.SubElement(feed, _tag("link"), {"rel": "self", "type": "application/atom+xml", "href": absolute(site_url, feed_path)})
    ET.SubElement(feed, _tag("link"), {"rel": "alternate", "type": "text/html", "href": absolute(site_url, page_path)})
    ET.SubElement(ET.SubElement(feed, _tag("author")), _tag("name")).text = _text(author)
    for record in records:
        version = record.version_for(lang)
        entry = ET.SubElement(feed, _tag("entry"))
        if version.lang != lang:
            entry.set(XML_LANG, version.lang)
        ET.SubElement(entry, _tag("id")).text = entry_id(site_url, record)
        ET.SubElement(entry, _tag("title")).text = _text(version.meta.get("title", record.slug))
        ET.SubElement(entry, _tag("link"), {"rel": "alternate", "type": "text/html", "hreflang": version.lang,
                                            "href": absolute(site_url, record.url(version.lang, default))})
        ET.SubElement(entry, _tag("published")).text = str(record.meta.get("published", "2014-01-01")) + "T00:00:00Z"
        ET.SubElement(entry, _tag("updated")).text = updated(record)
        ET.SubElement(entry, _tag("summary")).text = _text(version.meta.get("summary", ""))
        ET.SubElement(entry, _tag("category"), {"term": record.type})
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"

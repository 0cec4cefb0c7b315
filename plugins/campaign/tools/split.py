"""A build split by language: one job per language (a CI matrix, or processes side by side),
then one step that merges the parts and indexes the merged site for search.

    python3 -m campaign.tools.split languages                      # ["en", "ru", ...] (the CI matrix)
    python3 -m campaign.tools.split build --language ru --site parts/ru
    python3 -m campaign.tools.split merge --site site parts/en parts/ru parts/uk parts/ka
    python3 -m campaign.tools.split index --site site
    python3 -m campaign.tools.split all --site site [--jobs 2]     # the three, on this machine

`build` runs the ordinary `mkdocs build` with the campaign plugin told (CAMPAIGN_BUILD_LANGUAGE)
to render and write one language's pages: every language still passes through the build (the
content is checked whole, the sitemap and the language switchers know every page), but only
one language's pages are rendered, which is most of a build's time. `merge` copies the parts
into one folder and refuses two parts that disagree about a file (the theme's assets, the
sitemap and the data files are in every part, and must be the same bytes). `index` runs
Pagefind once over the merged site, on the pages the serial build would index. The merged
site is the serial build's, byte for byte (tests/test_split.py).

mkdocs-static-i18n always builds the default language first, so each job goes through it;
what a job saves is rendering: on N runners the wall-clock time is about that of one
language's rendering plus the checks, instead of every language's.
"""
from __future__ import annotations

import argparse
import filecmp
import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ENV = "CAMPAIGN_BUILD_LANGUAGE"  # campaign.mkdocs_plugin.ONE_LANGUAGE_ENV


class SplitError(Exception):
    pass


def _languages(config_file: Path) -> list:
    from .cli import site_settings

    settings, _ = site_settings(config_file)
    return list(settings.languages)


def build(config_file: Path, language: str, site: Path) -> None:
    """One language's part of the site, into `site` (emptied first)."""
    if site.exists():
        shutil.rmtree(site)
    site.mkdir(parents=True)
    env = {**os.environ, ENV: language, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--dirty", "-q", "-f", str(config_file),
                             "-d", str(site)], cwd=config_file.parent, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise SplitError(f"the build of '{language}' failed (exit {result.returncode}):\n"
                         + (result.stderr + result.stdout)[-6000:])


def merge(parts: list, site: Path) -> int:
    """Copy every part into `site` (emptied first); the number of files. Two parts with different
    bytes under one path stop the merge, naming the path: nothing half-merged is published."""
    if site.exists():
        shutil.rmtree(site)
    site.mkdir(parents=True)
    owner = {}
    for part in parts:
        part = Path(part)
        if not part.is_dir():
            raise SplitError(f"{part}: no such folder (the part of one language's build)")
        for root, _dirs, names in os.walk(part):
            for name in names:
                source = Path(root) / name
                rel = source.relative_to(part).as_posix()
                target = site / rel
                if rel in owner:
                    if not filecmp.cmp(source, target, shallow=False):
                        raise SplitError(f"{rel} differs between {owner[rel]} and {part}: the parts were not built "
                                         "from the same commit and settings; build them again")
                    continue
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, target)
                owner[rel] = part
    return len(owner)


def index(config_file: Path, site: Path) -> dict:
    """Pagefind over the merged site, on the pages the serial build indexes."""
    from ..content.collection import Published
    from ..content.loader import load_content
    from ..site.search import build_search_index
    from ..site.sitepages import search_candidates
    from .cli import site_settings

    settings, content_dir = site_settings(config_file)
    content = load_content(content_dir, settings, project_root=config_file.parent)
    if content.problems.errors:
        raise SplitError("the content has problems; nothing is indexed:\n" + content.problems.report())
    return build_search_index(site, candidates=search_candidates(Published(content), site))


def build_all(config_file: Path, site: Path, jobs: int) -> None:
    languages = _languages(config_file)
    parts = site.parent / f"{site.name}.parts"
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        list(pool.map(lambda lang: build(config_file, lang, parts / lang), languages))
    merge([parts / lang for lang in languages], site)
    index(config_file, site)
    shutil.rmtree(parts)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python3 -m campaign.tools.split", description=__doc__.split("\n\n")[0])
    parser.add_argument("-f", "--config-file", default="mkdocs.yml", help="the site's mkdocs.yml")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("languages", help="print the site's languages as JSON (a CI matrix)")
    one = sub.add_parser("build", help="build one language's part")
    one.add_argument("--language", required=True)
    one.add_argument("--site", required=True, help="folder for the part (emptied first)")
    joined = sub.add_parser("merge", help="merge the parts into one site")
    joined.add_argument("--site", required=True)
    joined.add_argument("parts", nargs="+")
    search = sub.add_parser("index", help="index the merged site for search")
    search.add_argument("--site", required=True)
    every = sub.add_parser("all", help="build every language side by side, merge, index")
    every.add_argument("--site", required=True)
    every.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args(argv)
    config_file = Path(args.config_file).resolve()
    try:
        if args.command == "languages":
            import json

            print(json.dumps(_languages(config_file)))
        elif args.command == "build":
            build(config_file, args.language, Path(args.site).resolve())
        elif args.command == "merge":
            print(f"merged {merge(args.parts, Path(args.site).resolve())} files into {args.site}")
        elif args.command == "index":
            summary = index(config_file, Path(args.site).resolve())
            print("search index: " + ", ".join(f"{lang} {n}" for lang, n in summary["pages"].items()))
        else:
            build_all(config_file, Path(args.site).resolve(), args.jobs)
    except SplitError as exc:
        print(f"campaign split: {exc}", file=sys.stderr)
        return 1
    except Exception as exc:  # noqa: BLE001 - e.g. Pagefind missing: one plain line, no traceback
        print(f"campaign split: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

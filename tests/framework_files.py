"""Framework files for tests: read one of ``data/frameworks`` as plain data, write a changed copy,
and the Digikompas in a newer version (the tests of a changed framework share it)."""

from __future__ import annotations

from pathlib import Path

import yaml

from dilemmakaart.frameworks import FRAMEWORKS_DIR

DIGI = "digikompas-waterschappen"


def read_yaml(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


class _Plain(yaml.SafeDumper):
    def ignore_aliases(self, data) -> bool:  # write shared parts out in full (the loader refuses aliases)
        return True


def write_yaml(path: Path, data: dict) -> Path:
    path.write_text(yaml.dump(data, Dumper=_Plain, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def changed_digikompas(path: Path, *, remove: str | None = None) -> Path:
    """The Digikompas in a version 2026.2 at ``path``: ``duurzaam`` added, ``transparant`` renamed,
    and ``remove`` (an item id) taken out with every reference to it."""
    data = read_yaml(FRAMEWORKS_DIR / f"{DIGI}.yaml")
    data["version"] = "2026.2"
    new_value = dict(data["values"][0], id="duurzaam", name={"nl": "Duurzaam", "en": "Sustainable"})
    data["values"] = [v for v in data["values"] if v["id"] != remove] + [new_value]
    if remove:
        data["tensions"] = [t for t in data["tensions"] if remove not in (t["a"], t["b"])]
        for part in data["technologies"] + [i["when"] for i in data["instruments"]]:
            part["values"] = [v for v in part["values"] if v != remove]
    for v in data["values"]:
        if v["id"] == "transparant":
            v["name"] = {"nl": "Open en transparant", "en": "Open and transparent"}
    change: dict = {
        "version": "2026.2",
        "added": ["duurzaam"],
        "renamed": [{"id": "transparant", "was": {"nl": "Transparant", "en": "Transparent"}}],
    }
    if remove:
        change["removed"] = [remove]
    data["changes"] = [{"version": "2026.1"}, change]
    return write_yaml(path, data)

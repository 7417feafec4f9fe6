"""The bundles the views load (workbench/static/dist) are built from the ES modules beside them."""

from __future__ import annotations

import hashlib
import pathlib
import re
import shutil
import subprocess

import pytest

from workbench.widgets._common import STATIC, bundle

ROOT = pathlib.Path(__file__).resolve().parents[1]
BUNDLES = ("grid.js", "views.js")
ESBUILD = ROOT / "node_modules" / ".bin" / "esbuild"


def sources_digest() -> str:
    """SHA-256 of the source modules as the build script computes it: name, newline, bytes, newline, in name order."""
    digest = hashlib.sha256()
    for path in sorted(STATIC.glob("*.js"), key=lambda p: p.name):
        digest.update(path.name.encode() + b"\n" + path.read_bytes() + b"\n")
    return digest.hexdigest()


@pytest.mark.parametrize("name", BUNDLES)
def test_bundle_is_built_from_the_current_sources(name):
    header = bundle(name).read_text(encoding="utf-8")[:400]
    found = re.search(r"sources sha256: ([0-9a-f]{64})", header)
    assert found, f"dist/{name} has no sources line: rebuild it with `make static`"
    assert found.group(1) == sources_digest(), f"dist/{name} is older than workbench/static/*.js: run `make static`"


@pytest.mark.parametrize("name", BUNDLES)
def test_bundle_is_one_module_without_imports(name):
    text = bundle(name).read_text(encoding="utf-8")
    assert not re.search(r"^\s*import\b", text, flags=re.M), "the page cannot resolve imports: bundle them"
    assert re.search(r"^export \{", text, flags=re.M)


def test_every_source_module_imports_what_it_uses_from_common():
    common = (STATIC / "common.js").read_text(encoding="utf-8")
    functions = set(re.findall(r"^export function (\w+)", common, flags=re.M))
    constants = set(re.findall(r"^export const (\w+)", common, flags=re.M))
    for name in BUNDLES:
        source = (STATIC / name).read_text(encoding="utf-8")
        block = re.search(r'import \{([^}]*)\} from "\./common\.js";', source)
        assert block, f"{name} imports nothing from common.js"
        imported = {word.strip() for word in block.group(1).split(",") if word.strip()}
        body = source.replace(block.group(0), "")
        used = {word for word in functions if re.search(rf"\b{word}\(", body)}
        used |= {word for word in constants if re.search(rf"\b{word}\b", body)}
        assert used <= imported, f"{name} uses {sorted(used - imported)} from common.js without importing them"


@pytest.mark.skipif(not ESBUILD.exists() or shutil.which("node") is None, reason="npm ci brings esbuild")
def test_rebuilding_gives_the_committed_bundles_byte_for_byte(tmp_path):
    subprocess.run(["node", "scripts/build_static.mjs", str(tmp_path)], cwd=ROOT, check=True, timeout=120)
    for name in BUNDLES:
        assert (tmp_path / name).read_bytes() == bundle(name).read_bytes(), f"dist/{name} differs: run `make static`"

"""Build the seed catalogue of the Shaoxing public data open portal (绍兴市公共数据开放平台).

Reads departments.csv, domains.csv and districts.csv next to this file and the builder's data
files (builder/*.yaml, builder/templates.csv) and writes catalog.xlsx (sheets 目录, 资源,
数据项) plus small, parseable sample files under files/. Everything is derived from a fixed
random seed and fixed dates, so two runs write byte-identical output. No network.

    .venv/bin/python catalog_seed/build_seed.py [OUT_DIR]     (default: this folder)
"""
import sys
from pathlib import Path

sys.dont_write_bytecode = True   # no __pycache__ in catalog_seed/: make run reloads the seed when a file changes

from builder import build  # noqa: E402  (catalog_seed/ is this script's import path)

if __name__ == "__main__":
    print(build(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent))

#!/usr/bin/env python3
"""Replaces the README's configuration reference with core/data/conserje.default.toml
(the text `conserje config default` prints). A test fails when they differ."""
import pathlib, re
root = pathlib.Path(__file__).resolve().parent.parent
default = (root / "core/data/conserje.default.toml").read_text()
readme = (root / "README.md").read_text()
start = readme.index("```toml\n", readme.index("## Configuration")) + len("```toml\n")
end = readme.index("```", start)
(root / "README.md").write_text(readme[:start] + default + readme[end:])

#!/bin/sh
# Regenerates tests/data/mlp_reference.json (the PyTorch reference values of the MLP differential test)
# when Debian's python3-torch is importable by /usr/bin/python3; otherwise the committed file is used.
# Called from .ci/run. Exits non-zero only when torch is present and the generator fails.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
if /usr/bin/python3 -c "import torch" >/dev/null 2>&1; then
    /usr/bin/python3 "$here/make_mlp_reference.py" "$here/../data/mlp_reference.json"
else
    echo "torch not installed: using the committed reference files"
fi

"""axon <-> PyTorch through safetensors, end to end through the axon CLI.

1. axon trains a model on a CSV file, exports it; PyTorch loads it and predicts the same classes
   and probabilities as `axon predict`.
2. PyTorch trains a model, saves it; `axon import` + `axon predict` give PyTorch's predictions.
Exit code 77 (ctest: skipped) when torch is not installed.
"""
import csv
import os
import subprocess
import sys
import tempfile

try:
    import torch
except ImportError:
    print("SKIPPED: python3-torch is not installed (scripts/install-deps --test installs it)")
    sys.exit(77)

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "tools", "python"))
from axon_safetensors import load_file, save_file  # noqa: E402

axon = sys.argv[1]
work = tempfile.mkdtemp(prefix="axon_interop_")
torch.manual_seed(0)
n, d, c = 300, 5, 3
x = torch.randn(n, d)
y = (x[:, 0] + 2 * x[:, 1] - x[:, 2] > 0).long() + (x[:, 3] > 1).long()
data = os.path.join(work, "data.csv")
with open(data, "w", newline="") as f:
    w = csv.writer(f)
    w.writerow([f"x{i}" for i in range(d)] + ["label"])
    for row, label in zip(x.tolist(), y.tolist()):
        w.writerow([repr(v) for v in row] + [label])


def run(*args):
    r = subprocess.run([axon, *args], capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"axon {' '.join(args)} failed ({r.returncode}):\n{r.stderr}")
    return r.stdout


def axon_predictions(model):
    out = os.path.join(work, "pred.csv")
    run("predict", model, "--data", f"csv:{data}", "--out", out)
    with open(out) as f:
        rows = list(csv.DictReader(f))
    return [int(r["label"]) for r in rows], torch.tensor([float(r["confidence"]) for r in rows])


def check(name, torch_model):
    labels, confidence = axon_predictions(os.path.join(work, name + ".axon"))
    with torch.no_grad():
        p = torch.softmax(torch_model(x), dim=1)
    torch_labels = p.argmax(1).tolist()
    mismatches = sum(a != b for a, b in zip(labels, torch_labels))
    err = (confidence - p.max(1).values).abs().max().item()
    print(f"{name}: {mismatches} of {n} labels differ, max confidence difference {err:.2e}")
    if mismatches or err > 1e-5:
        sys.exit(f"{name}: axon and PyTorch disagree")


def torch_mlp():
    return torch.nn.Sequential(torch.nn.Linear(d, 16), torch.nn.Tanh(), torch.nn.Linear(16, c))


# 1. axon -> PyTorch
run("train", "--data", f"csv:{data}", "--test", f"csv:{data}", "--layers", "16", "--activation", "tanh",
    "--optimizer", "adam", "--lr", "0.01", "--epochs", "20", "--batch-size", "32", "--quiet",
    "--out", os.path.join(work, "axon_trained.axon"))
run("export", os.path.join(work, "axon_trained.axon"), "--format", "safetensors", "--out",
    os.path.join(work, "axon_trained.safetensors"))
model = torch_mlp()
model.load_state_dict(load_file(os.path.join(work, "axon_trained.safetensors")))
check("axon_trained", model)

# 2. PyTorch -> axon
model = torch_mlp()
opt = torch.optim.Adam(model.parameters(), lr=0.01)
for _ in range(200):
    opt.zero_grad()
    torch.nn.functional.cross_entropy(model(x), y).backward()
    opt.step()
save_file(model.state_dict(), os.path.join(work, "torch_trained.safetensors"))
run("import", os.path.join(work, "torch_trained.safetensors"), "--arch", "16, tanh, 3", "--in-features", str(d),
    "--out", os.path.join(work, "torch_trained.axon"))
check("torch_trained", model)
print("PASSED")

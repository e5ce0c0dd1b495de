#!/usr/bin/env python3
"""The run report in a real browser (issue 5): builds the report of a short run on image data (a tiny IDX
set written here) and of one on 2-D data (the Gaussian mixture), opens each in headless Chromium, and
checks that the page raised no errors (window.onerror, console.error, Chromium's console log) and that
every figure it should have is present and drawn with a non-zero size (the page records this in
data-figures / data-empty-figures / data-ready on <html>). Saves a screenshot of each page in OUT_DIR.

usage: check_report_browser.py AXON_CLI OUT_DIR      exit 0 pass, 1 fail, 77 skipped (no chromium)
"""
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--hide-scrollbars"]
COMMON = {"loss", "accuracy", "confusion", "network", "weight-norms", "grad-norms", "settings"}
failures = []


def check(ok, message):
    print(("ok    " if ok else "FAIL  ") + message)
    if not ok:
        failures.append(message)


def write_idx(directory, count, seed, name):
    """count 16×16 images of 10 classes: class k is a bright bar over rows k+2 and k+3 (neighbouring
    classes overlap, so a short run misclassifies a few), on uniform noise."""
    h = w = 16
    state = seed * 2654435761 % 2**32 or 1
    images, labels = bytearray(), bytearray()
    for i in range(count):
        k = i % 10
        for r in range(h):
            for c in range(w):
                state = (1103515245 * state + 12345) % 2**31
                noise = (state >> 8) % 140
                images.append(min(255, noise + (115 if k + 2 <= r <= k + 3 and 2 <= c <= 13 else 0)))
        labels.append(k)
    with open(os.path.join(directory, name + "-images-idx3-ubyte"), "wb") as f:
        f.write(struct.pack(">IIII", 0x803, count, h, w) + bytes(images))
    with open(os.path.join(directory, name + "-labels-idx1-ubyte"), "wb") as f:
        f.write(struct.pack(">II", 0x801, count) + bytes(labels))


def run(cmd):
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    if result.returncode != 0:
        print(" ".join(cmd), "\n", result.stdout, result.stderr)
    return result


def chromium(browser, args, timeout=90):
    profile = tempfile.mkdtemp(prefix="axon-chromium-")
    try:
        return subprocess.run([browser] + CHROMIUM_FLAGS + ["--user-data-dir=" + profile] + args,
                              capture_output=True, text=True, timeout=timeout)
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def check_page(browser, html_path, expected, screenshot):
    name = os.path.basename(os.path.dirname(html_path))
    page = open(html_path, encoding="utf-8").read()
    check(re.search(r"<script[^>]+src=|<link[^>]+href=|<img[^>]+src=\"http", page) is None,
          f"{name}: the page loads nothing from outside (no script src, link or remote image)")
    dom = chromium(browser, ["--enable-logging=stderr", "--v=0", "--window-size=1280,2400", "--dump-dom",
                             "file://" + os.path.abspath(html_path)])
    root = re.search(r"<html[^>]*>", dom.stdout)
    check(root is not None, f"{name}: Chromium dumped the page (exit {dom.returncode})")
    if root is None:
        print(dom.stderr[-2000:])
        return
    attrs = dict(re.findall(r'data-([a-z-]+)="([^"]*)"', root.group(0)))
    check(attrs.get("ready") == "true", f"{name}: the page finished rendering (data-ready={attrs.get('ready')})")
    check("errors" not in attrs, f"{name}: no JavaScript errors (data-errors={attrs.get('errors')})")
    box = re.search(r'<pre id="errors"[^>]*>(.*?)</pre>', dom.stdout, re.S)
    if box and box.group(1).strip():
        print("  page errors:", box.group(1)[:2000])
    console = [l for l in dom.stderr.splitlines() if "CONSOLE" in l and re.search(r"error|uncaught", l, re.I)]
    check(not console, f"{name}: no console errors in Chromium's log" + ("".join("\n  " + l for l in console)))
    figures = set(filter(None, attrs.get("figures", "").split(",")))
    empty = set(filter(None, attrs.get("empty-figures", "").split(",")))
    check(expected <= figures, f"{name}: figures present {sorted(figures)} include {sorted(expected)}")
    check(not empty, f"{name}: no figure is empty (empty: {sorted(empty)})")
    shot = chromium(browser, ["--window-size=1280,2400", "--screenshot=" + screenshot,
                              "file://" + os.path.abspath(html_path)])
    check(os.path.exists(screenshot) and os.path.getsize(screenshot) > 20000,
          f"{name}: screenshot saved (exit {shot.returncode})")
    print("screenshot:", screenshot)


def main():
    if len(sys.argv) != 3:
        print(__doc__)
        return 2
    axon, out = sys.argv[1], os.path.abspath(sys.argv[2])
    browser = shutil.which("chromium") or ("/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None)
    if browser is None:
        print("SKIP: chromium is not installed (scripts/install-deps --test installs it); the report was not checked")
        return 77
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)

    idx = os.path.join(out, "idx")
    os.makedirs(idx)
    write_idx(idx, 400, 1, "train")
    write_idx(idx, 100, 2, "t10k")
    images = os.path.join(out, "run-images")
    r = run([axon, "train", "--data", "idx:" + idx, "--layers", "32,16", "--epochs", "3", "--batch-size", "32",
             "--seed", "1", "--quiet", "--report", images])
    check(r.returncode == 0, "train --report on a tiny IDX image set")

    mixture = os.path.join(out, "run-2d")
    r = run([axon, "train", "--data", "synthetic:gaussian_mixture:n=400", "--layers", "16,16", "--epochs", "20",
             "--batch-size", "20", "--lr", "0.1", "--seed", "1", "--quiet", "--report", mixture])
    check(r.returncode == 0, "train --report on the 2-D Gaussian mixture")
    r = run([axon, "report", mixture])  # the page redrawn from the run directory alone
    check(r.returncode == 0, "axon report redraws report.html from the run directory")

    for d in (images, mixture):
        for f in ("run.json", "model.axon", "report.html"):
            check(os.path.exists(os.path.join(d, f)), f"{os.path.basename(d)}/{f} written")
    if not failures:
        check_page(browser, os.path.join(images, "report.html"), COMMON | {"images"},
                   os.path.join(out, "report-images.png"))
        check_page(browser, os.path.join(mixture, "report.html"), COMMON | {"boundary"},
                   os.path.join(out, "report-2d.png"))
    print(f"{len(failures)} failure(s)" if failures else "all report checks passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

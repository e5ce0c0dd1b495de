"""The per-instruction-set kernels keep their code to themselves.

src/detail/*_avx2.cpp and *_avx512.cpp are built with -mavx2 or -mavx512f. Any function they
define out of line with a name that another file of the library also defines is a weak symbol the
linker keeps once for all of them, so a CPU without AVX-512 could run the AVX-512 copy. The
kernels include src/detail/isa_kernel.hpp, which renames Eigen's namespace per instruction set;
this check reads the library archive's symbol table (nm) and fails if an Eigen symbol keeps its
own name in a kernel, or if a kernel defines a weak symbol that a member built for another
instruction set (or for none) also defines. The C++ standard library's, which the kernels cannot
rename, are listed but not failed on.
Usage: check_isa_kernels.py libaxon.a
"""
import collections
import re
import subprocess
import sys

archive = sys.argv[1]
listing = subprocess.run(["nm", "-A", "-C", "--defined-only", archive], check=True, capture_output=True,
                         text=True).stdout
definers = collections.defaultdict(set)  # symbol -> archive members defining it
weak_in_kernel = collections.defaultdict(set)
kernel = re.compile(r"_avx(2|512)\.cpp\.o$")
for line in listing.splitlines():
    # "libaxon.a:member.o:0000000000000000 W symbol(args)"
    match = re.match(r"^[^:]+:([^:]+):[0-9a-f]* +([A-Za-z]) (.*)$", line)
    if not match:
        continue
    member, kind, symbol = match.groups()
    if kind in "TWVuBDR":
        definers[symbol].add(member)
    if kernel.search(member) and kind in "WVu":
        weak_in_kernel[symbol].add(member)

kernels = sorted({m for ms in definers.values() for m in ms if kernel.search(m)})
if not kernels:
    sys.exit(f"{archive}: no *_avx2.cpp.o or *_avx512.cpp.o member: has the library's layout changed?")
print(f"{len(kernels)} kernel files: {', '.join(kernels)}")

def isa(member):
    match = kernel.search(member)
    return match.group(1) if match else "baseline"


failures = []
for symbol, members in sorted(definers.items()):
    in_kernels = [m for m in members if kernel.search(m)]
    if in_kernels and symbol.startswith("Eigen::"):
        failures.append(f"{symbol[:120]} keeps Eigen's own namespace in {', '.join(sorted(in_kernels))}")
for symbol, members in sorted(weak_in_kernel.items()):
    if symbol.startswith("DW.ref."):  # the personality routine's address: data, the same everywhere
        continue
    isas = {isa(m) for m in definers[symbol]}
    if len(isas) < 2:  # files built for the same instruction set may share their copies
        continue
    where = ", ".join(sorted(definers[symbol]))
    if re.search(r"(^|[\s(<])(std|__gnu_cxx)::", symbol):
        print(f"note: {symbol[:100]} is defined by {where} (standard library, inlined in optimised builds)")
    else:
        failures.append(f"{symbol[:120]} is a weak symbol of {where}")

for failure in failures:
    print("FAIL:", failure)
sys.exit(1 if failures else 0)

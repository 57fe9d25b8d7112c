#!/usr/bin/env python3
"""The layer rules of docs/architecture.md, checked mechanically (make lint).

    tests/layers.py BUILD_DIR        e.g. build/rel, after `make build`

Two readings of the same rules, both must hold:
  - the sources: every #include "layer/x.h" of a file in a layer names a layer it may use;
  - the objects: every symbol a module uses (nm: U) and another defines (T/D/R/B) is an edge
    from the user to the definer, and every edge goes to a layer the user may use.
Then: no cycle of modules at all (Tarjan over the object edges), no page module (src/page/page_*.c)
calling or including another, no view (src/page/*_view.c) calling a page. Prints one line of
counts when all hold; else each broken rule, and exits 1.
"""
import os
import re
import subprocess
import sys
from collections import defaultdict

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

# layer -> the layers it may use (itself included where modules of a layer call each other)
MAY_USE = {
    "core":   {"core"},
    "domain": {"core", "domain"},
    "http":   {"core", "domain", "http"},          # fcgi/req, parse, multipart: struct req and its I/O
    "web":    {"core", "domain", "http", "web"},
    "page":   {"core", "domain", "http", "web", "page", "out"},  # out's settings: URL checks, signatures
    "out":    {"core", "domain", "out"},
    "top":    {"core", "domain", "http", "web", "page", "out", "top"},  # fcgi/edge.c, fcgi/main.c
}
HTTP = {"req", "parse", "multipart"}


def layer_of(path):
    """The layer of a source, header or module path (relative to the root), or None."""
    parts = path.split("/")
    if parts[0] in ("src", "include") and len(parts) > 2 and parts[1] in MAY_USE:
        return parts[1]
    if parts[0] in ("fcgi",) or (parts[0] == "include" and len(parts) > 2 and parts[1] == "fcgi"):
        base = os.path.splitext(parts[-1])[0]
        return "http" if base in HTTP else "top"
    return None


def kind_in_page(path):
    """'page' for a handler module, 'view' for a shared fragment, 'table' for the routes."""
    base = os.path.splitext(os.path.basename(path))[0]
    if base.startswith("page_"):
        return "page"
    if base.endswith("_view"):
        return "view"
    return "table" if base == "routes" else "other"


def sources():
    for top in ("src", "include", "fcgi"):
        for root, _, files in os.walk(os.path.join(ROOT, top)):
            for f in files:
                if f.endswith((".c", ".h", ".def")):
                    yield os.path.relpath(os.path.join(root, f), ROOT)


def check_includes(errors):
    n = 0
    for path in sources():
        lay = layer_of(path)
        if lay is None:
            continue
        text = open(os.path.join(ROOT, path), encoding="utf-8").read()
        for m in re.finditer(r'^\s*#\s*include\s+"([^"]+)"', text, re.M):
            inc = m.group(1)
            n += 1
            target = layer_of("include/" + inc) if "/" in inc else None
            if inc.startswith("core/sql/"):
                target = "core"
            if target is None:
                errors.append(f"{path}: #include \"{inc}\" names no layer (write it as \"<layer>/{inc}\")")
                continue
            if target not in MAY_USE[lay]:
                errors.append(f"{path}: {lay} may not include {inc} ({target})")
            if lay == "page" and target == "page":
                me, it = kind_in_page(path), kind_in_page(inc)
                if path.endswith(".c") and me == "page" and it == "page" and \
                        os.path.splitext(os.path.basename(path))[0] != os.path.splitext(os.path.basename(inc))[0]:
                    errors.append(f"{path}: a page includes another page's header {inc}")
                if me == "view" and it == "page":
                    errors.append(f"{path}: a view includes a page's header {inc}")
    return n


def objects(build):
    for root, _, files in os.walk(build):
        rel = os.path.relpath(root, build)
        if rel.split(os.sep)[0] == "tests":
            continue
        for f in files:
            if f.endswith(".o"):
                p = os.path.join(root, f)
                mod = os.path.relpath(p, build)[:-2]
                if not os.path.exists(os.path.join(ROOT, mod + ".c")):
                    continue   # a stale object of a file since moved
                yield mod, p


def edges_of(build):
    defined, used, mods = {}, defaultdict(set), []
    for mod, path in objects(build):
        mods.append(mod)
        out = subprocess.run(["nm", path], capture_output=True, text=True, check=True).stdout
        for line in out.splitlines():
            p = line.split()
            if len(p) == 3 and p[1] in "TDRBC":
                defined[p[2]] = mod
            elif len(p) == 2 and p[0] == "U":
                used[mod].add(p[1])
    edges = defaultdict(lambda: defaultdict(list))
    for m in mods:
        for s in used[m]:
            d = defined.get(s)
            if d and d != m:
                edges[m][d].append(s)
    return sorted(mods), edges


def cycles(mods, edges):
    index, low, stack, on, comps, counter = {}, {}, [], set(), [], [0]
    sys.setrecursionlimit(10000)

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in edges[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            comps.append(comp)

    for m in mods:
        if m not in index:
            visit(m)
    return [sorted(c) for c in comps if len(c) > 1]


def main(build):
    errors = []
    n_inc = check_includes(errors)
    mods, edges = edges_of(build)
    if not mods:
        print(f"layers: no objects under {build} (build first)")
        return 1
    n_edges = 0
    for m in mods:
        lm = layer_of(m)
        for d, syms in sorted(edges[m].items()):
            n_edges += 1
            ld = layer_of(d)
            what = f"{m} -> {d} ({' '.join(sorted(syms)[:4])}{' ...' if len(syms) > 4 else ''})"
            if lm is None or ld is None:
                errors.append(f"{what}: a module outside the layer folders")
            elif ld not in MAY_USE[lm]:
                errors.append(f"{what}: {lm} may not use {ld}")
            elif lm == "page" and ld == "page":
                km, kd = kind_in_page(m), kind_in_page(d)
                if kd == "page" and km in ("page", "view"):
                    errors.append(f"{what}: a {km} calls a page")
    cyc = cycles(mods, edges)
    for c in cyc:
        errors.append(f"cycle of {len(c)} modules: {' '.join(c)}")
    count = defaultdict(int)
    for m in mods:
        count[layer_of(m)] += 1
    shape = ", ".join(f"{lay} {count[lay]}" for lay in ("core", "domain", "http", "web", "page", "out", "top"))
    if errors:
        for e in errors:
            print("layers: " + e)
        print(f"layers: {len(errors)} broken rule(s); {len(mods)} modules ({shape})")
        return 1
    pages = sum(1 for m in mods if layer_of(m) == "page" and kind_in_page(m) == "page")
    print(f"layers: {len(mods)} modules ({shape}), {n_edges} module edges, {n_inc} includes; "
          f"no cycle; 0 calls from page to page among {pages} pages")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "build/rel")))

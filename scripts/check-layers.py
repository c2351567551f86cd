#!/usr/bin/env python3
"""Checks that vibrief's modules depend one way: no import cycle between top-level modules of
src/, nor between the direct children of any module; and every top-level module depends only
on the modules its doc comment names ("May depend on: `doc`, `text`."). Prints each cycle
found (the modules of one strongly connected component, and for each edge the file that makes
it) and each undeclared dependency, and exits 1; prints a one-line summary and exits 0 when
all is well.

A module's dependencies are the `crate::`, `super::` and `self::` paths its non-test code names
(in `use` declarations or inline); `#[cfg(test)]` modules are left out, as are comments and
doc comments. Usage: scripts/check-layers.py [--all]   (--all also lists every edge)
"""
import re
import sys
from collections import defaultdict
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src"


def module_of(path: Path) -> list[str]:
    """The module path of a source file: src/a/b.rs and src/a/b/mod.rs are ["a", "b"]."""
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "mod" or parts == ["lib"]:
        parts = parts[:-1]
    return parts


def strip_comments_and_tests(text: str) -> str:
    """The file without comments, string literals' contents and #[cfg(test)] items."""
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    text = re.sub(r"//[^\n]*", "", text)
    text = re.sub(r'"(?:\\.|[^"\\])*"', '""', text)
    out = []
    i = 0
    while True:
        m = re.search(r"#\[cfg\(test\)\]", text[i:])
        if not m:
            out.append(text[i:])
            break
        start = i + m.start()
        out.append(text[i:start])
        # Skip the item: up to its matching closing brace, or its semicolon.
        j = start + len(m.group(0))
        depth = 0
        while j < len(text):
            c = text[j]
            if c == "{":
                depth += 1
            elif c == "}":
                depth -= 1
                if depth == 0:
                    j += 1
                    break
            elif c == ";" and depth == 0:
                j += 1
                break
            j += 1
        i = j
    return "".join(out)


def inline_modules(text: str) -> list[tuple[str, int, int]]:
    """Inline `mod name { ... }` blocks: name and byte range of the body."""
    found = []
    for m in re.finditer(r"\bmod\s+(\w+)\s*\{", text):
        depth, j = 1, m.end()
        while j < len(text) and depth:
            depth += {"{": 1, "}": -1}.get(text[j], 0)
            j += 1
        found.append((m.group(1), m.end(), j))
    return found


PATH_RE = re.compile(r"\b(crate|super|self)((?:\s*::\s*\w+)+)")
USE_RE = re.compile(r"\buse\s+([^;]+);", re.S)


def expand_use(tree: str) -> list[str]:
    """`a::{b, c::{d, e}}` as ["a::b", "a::c::d", "a::c::e"]."""
    tree = re.sub(r"\s+", "", tree)

    def split_top(s: str) -> list[str]:
        parts, depth, cur = [], 0, ""
        for c in s:
            if c == "," and depth == 0:
                parts.append(cur)
                cur = ""
                continue
            depth += (c == "{") - (c == "}")
            cur += c
        if cur:
            parts.append(cur)
        return parts

    def go(prefix: str, s: str) -> list[str]:
        if "{" in s:
            head, rest = s.split("{", 1)
            inner = rest[: rest.rfind("}")]
            out = []
            for p in split_top(inner):
                out += go(prefix + head, p)
            return out
        s = re.sub(r"\bas\b.*$", "", s)
        return [prefix + s]

    return go("", tree)


def resolve(base: list[str], path: str) -> list[str] | None:
    """The absolute module path (from the crate root) a `crate::`/`super::`/`self::` path names."""
    segs = [s for s in path.split("::") if s]
    if not segs:
        return None
    if segs[0] == "crate":
        out, segs = [], segs[1:]
    elif segs[0] in ("super", "self"):
        out = list(base)
        while segs and segs[0] in ("super", "self"):
            if segs[0] == "super":
                if not out:
                    return None
                out.pop()
            segs = segs[1:]
    else:
        return None
    return out + [s for s in segs if s not in ("*", "self")]


def edges() -> dict[tuple[str, str], set[str]]:
    """(from module, to module) over every depth, with the files that make the edge."""
    found: dict[tuple[str, str], set[str]] = defaultdict(set)
    for f in sorted(SRC.rglob("*.rs")):
        if f.name == "main.rs" and f.parent == SRC:
            continue
        base = module_of(f)
        text = strip_comments_and_tests(f.read_text())
        scopes = [(base, text)]
        for name, a, b in inline_modules(text):
            scopes.append((base + [name], text[a:b]))
        for mod, body in scopes:
            refs = []
            for m in USE_RE.finditer(body):
                refs += expand_use(m.group(1))
            refs += [m.group(1) + re.sub(r"\s+", "", m.group(2)) for m in PATH_RE.finditer(body)]
            for r in refs:
                target = resolve(mod, r)
                if target:
                    found[(tuple(mod), tuple(target))].add(str(f.relative_to(SRC.parent)))
    return found


def sccs(nodes: set[str], graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's strongly connected components with more than one node."""
    index, low, stack, on, out = {}, {}, [], set(), []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
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
            if len(comp) > 1:
                out.append(sorted(comp))

    sys.setrecursionlimit(10000)
    for v in sorted(nodes):
        if v not in index:
            visit(v)
    return out


def main() -> int:
    all_edges = edges()
    # Group edges by the module whose children they connect: for a -> b, the deepest common
    # parent p, and the children of p on each side.
    levels: dict[tuple, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    why: dict[tuple, set[str]] = defaultdict(set)
    for (a, b), files in all_edges.items():
        common = 0
        while common < min(len(a), len(b)) and a[common] == b[common]:
            common += 1
        if common >= len(a) or common >= len(b):
            continue  # a module and its own ancestor or descendant
        parent, x, y = a[:common], a[common], b[common]
        levels[parent][x].add(y)
        why[(parent, x, y)] |= files
    cycles = 0
    for parent in sorted(levels):
        graph = levels[parent]
        nodes = set(graph) | {y for ys in graph.values() for y in ys}
        for comp in sccs(nodes, graph):
            cycles += 1
            where = "::".join(("crate",) + parent)
            print(f"cycle in {where}: {' <-> '.join(comp)}")
            for x in comp:
                for y in sorted(graph[x] & set(comp)):
                    print(f"  {x} -> {y}: {', '.join(sorted(why[(parent, x, y)]))}")
    undeclared = 0
    for top, targets in sorted(levels[()].items()):
        declared = declared_deps(top)
        if declared is None:
            undeclared += 1
            print(f"{top}: its module doc does not say what it may depend on")
            continue
        for t in sorted(targets - declared):
            undeclared += 1
            files = ", ".join(sorted(why[((), top, t)]))
            print(f"{top} -> {t} is not in its \"May depend on\" list ({files})")
    if "--all" in sys.argv:
        for (parent, x, y), files in sorted(why.items()):
            print(f"{'::'.join(('crate',) + parent)}: {x} -> {y} ({', '.join(sorted(files))})")
    n = sum(len(ys) for g in levels.values() for ys in g.values())
    if cycles or undeclared:
        print(f"{cycles} cycle(s), {undeclared} undeclared dependencies among {n}")
        return 1
    print(f"no cycles among {n} module dependencies, each top-level one declared")
    return 0


def declared_deps(top: str) -> set[str] | None:
    """The modules the doc comment of top-level module `top` says it may depend on."""
    for f in (SRC / top / "mod.rs", SRC / f"{top}.rs"):
        if f.exists():
            doc = "\n".join(l for l in f.read_text().splitlines() if l.startswith("//!"))
            m = re.search(r"May depend on: ([^\n]*)", doc)
            if not m:
                return None
            return set(re.findall(r"`(\w+)`", m.group(1)))
    return None


if __name__ == "__main__":
    sys.exit(main())

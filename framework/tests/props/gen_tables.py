#!/usr/bin/env python3
"""Writes tables.rs: random `route!` tables for the matcher property tests (matcher_props.rs).

Run from anywhere: `python3 framework/tests/props/gen_tables.py`. The seed is fixed, so the
output only changes when this script does; commit both.

The tables must compile, so the generator keeps to what `route!` accepts (docs/routing.md#compile-time-errors):
optional captures only as a trailing run, a slurpy only last and never after optionals, unique
names, and no route that an earlier one of the same block shadows (the rule of
derive/src/route/check.rs `shadows`, mirrored in `shadows` below, which ignores parameters: it
may refuse a route rook would take, never the reverse). Some routes have query, header or cookie
parameters (drawn from their own random stream, so that the tables' paths stay as they were);
`Routes::recognize` ignores them, `rook::testing::check` binds them. Some routes have a guard of one of
two kinds that the reference interpreter evaluates itself (an even integer capture, a String
capture of odd length); `guards()` in the output lists them by route index.

Each handler answers its route's index in `Routes::list()` of its top-level table, so a test
that runs requests through actix-web can tell which route answered. Each route is named
`r<index>` and each include `i<n>`, and every table fn carries `#[rook::routes]`; `link()` calls
the typed link builder of any route with values read from a `props::Values` (link_roundtrip.rs).
"""

import os
import random
import sys

SEED = 0x600C  # "rook"-ish; change it only on purpose
TABLES = 8

# Decoded literal texts, weighted towards a few short ones so routes collide often.
LITERALS = [("a", 6), ("b", 4), ("c", 3), ("a/b", 1), ("a+b", 1), ("é", 1), ("", 1),
            (".", 1), ("..", 1), ("%", 1), ("x y", 1)]
PREFIXES = ["a", "b", "api", "a/b", "v1"]
CAPTURE_TYPES = [("u8", 3), ("u32", 4), ("i32", 3), ("String", 4), ("bool", 1), ("char", 1), ("f64", 1)]
DEFAULTS = {"u8": "7", "u32": "(1 + 1)", "i32": "-3", "String": '{ String::from("d") }', "bool": "true",
            "char": "'z'", "f64": "1.5"}
SLURPY_TYPES = [(None, 3), ("u32", 2), ("i32", 1), ("String", 1)]
METHODS = [(["get"], 8), (["post"], 3), (["get", "post"], 3), (["any"], 1), (["head"], 1),
           (["options"], 1), (["put"], 2), (["delete"], 1), (["get", "head"], 1), (["patch", "put"], 1)]
BITS = {"get": 1, "head": 2, "post": 4, "put": 8, "delete": 16, "patch": 32, "options": 64,
        "any": 0x7F | 1 << 15}
STRINGISH = ("String", "::std::string::String")


def pick(rng, weighted):
    return rng.choices([v for v, _ in weighted], weights=[w for _, w in weighted])[0]


def rust_str(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


GUARDS = {"u8": ("even", "{} % 2 == 0"), "u32": ("even", "{} % 2 == 0"), "i32": ("even", "{} % 2 == 0"),
          "String": ("odd-len", "{}.len() % 2 == 1")}


# Parameters: (source, keys) — few keys, so that routes share them.
PARAM_SOURCES = [("query", ["a", "b", "page"], 3), ("header", ["X-A", "X-B"], 1), ("cookie", ["s", "t"], 1)]
PARAM_TYPES = [("u8", 2), ("u32", 2), ("i32", 1), ("String", 3), ("bool", 1)]
ARITIES = [("req", 3), ("opt", 2), ("default", 1), ("vec", 1)]


def random_params(rng):
    """(source, key, name, type, arity) of a route's parameters, unique names."""
    params = []
    if rng.random() < 0.35:
        for k in range(pick(rng, [(1, 3), (2, 2), (3, 1)])):
            source, keys = pick(rng, [((s, ks), w) for s, ks, w in PARAM_SOURCES])
            params.append((source, rng.choice(keys), f"{source[0]}{k}", pick(rng, PARAM_TYPES), pick(rng, ARITIES)))
    # The grammar puts the query first.
    return sorted(params, key=lambda p: p[0] != "query")


class Route:
    def __init__(self, methods, segments, guard):
        self.methods = methods
        # (source, key, name, ty, arity): set by `random_route`
        self.params = []
        # ("lit", text) | ("cap", name, ty) | ("opt", name, ty, default or None) | ("slurpy", name, ty or None)
        self.segments = segments
        # (capture name, guard kind, Rust condition) or None
        self.guard = guard

    def bits(self):
        b = 0
        for m in self.methods:
            b |= BITS[m]
        return b

    def source(self, index):
        if not self.segments:
            path = "/"
        else:
            parts = []
            for seg in self.segments:
                if seg[0] == "lit":
                    parts.append(rust_str(seg[1]))
                elif seg[0] == "cap":
                    parts.append(f"{seg[1]}: {seg[2]}")
                elif seg[0] == "opt":
                    _, name, ty, default = seg
                    parts.append(f"{name}: Option<{ty}>" if default is None else f"{name}: {ty} = {default}")
                else:
                    _, name, ty = seg
                    parts.append(f"..{name}" if ty is None else f"..{name}: Vec<{ty}>")
            path = " / ".join(parts)
        query, others = [], []
        for source, key, name, ty, arity in self.params:
            typed = {"req": ty, "opt": f"Option<{ty}>", "default": f"{ty} = {DEFAULTS[ty]}", "vec": f"Vec<{ty}>"}[arity]
            param = f"{rust_str(key)} as {name}: {typed}"
            if source == "query":
                query.append(param)
            else:
                others.append(f", {source} {param}")
        params = (" ? " + " & ".join(query) if query else "") + "".join(others)
        guard = f" if {self.guard[2]}" if self.guard else ""
        return f"r{index}: {' | '.join(self.methods)} {path}{params}{guard} => \"{index}\""

    def link(self, index):
        """The call of this route's link builder, its values read from `v` (a `props::Values`)."""
        args = []
        for seg in self.segments:
            if seg[0] == "cap":
                args.append(f'v.one::<{seg[2]}>("{seg[1]}")')
            elif seg[0] == "opt":
                args.append(f'v.optional::<{seg[2]}>("{seg[1]}")')
            elif seg[0] == "slurpy":
                args.append(f'v.many::<{seg[2] or "String"}>("{seg[1]}")')
        for source, key, name, ty, arity in self.params:
            if source == "query":
                f = {"req": "query_one", "opt": "query_optional", "default": "query_optional", "vec": "query_many"}[arity]
                args.append(f"v.{f}::<{ty}>({rust_str(key)})")
        return f"r{index}({', '.join(args)})"


def shadows(earlier, later):
    """check.rs `shadows`: `earlier` comes first and accepts every request `later` accepts."""
    if earlier.guard or earlier.bits() & later.bits() != later.bits() or len(earlier.segments) != len(later.segments):
        return False
    for a, b in zip(earlier.segments, later.segments):
        if a[0] != b[0]:
            return False
        if a[0] == "lit":
            if a[1] != b[1]:
                return False
        else:
            ta, tb = a[2] or "String", b[2] or "String"
            if ta != tb and ta not in STRINGISH:
                return False
    return True


PARAM_RNG = random.Random(SEED + 1)


def random_route(rng):
    methods = pick(rng, METHODS)
    fixed = pick(rng, [(0, 1), (1, 4), (2, 5), (3, 3), (4, 1)])
    segments = []
    for k in range(fixed):
        if rng.random() < 0.6:
            segments.append(("lit", pick(rng, LITERALS)))
        else:
            segments.append(("cap", f"p{k}", pick(rng, CAPTURE_TYPES)))
    tail = rng.random()
    if tail < 0.25:
        for k in range(fixed, fixed + pick(rng, [(1, 3), (2, 1)])):
            ty = pick(rng, CAPTURE_TYPES)
            segments.append(("opt", f"p{k}", ty, DEFAULTS[ty] if rng.random() < 0.5 else None))
    elif tail < 0.45:
        segments.append(("slurpy", "rest", pick(rng, SLURPY_TYPES)))
    if methods == ["any"] and segments and segments[0][0] == "slurpy" and segments[0][2] in (None, "String"):
        # A catch-all: every request would be answered by it (or a better route), which
        # leaves no 404, 405 or OPTIONS to compare.
        return random_route(rng)
    guardable = [seg for seg in segments if seg[0] == "cap" and seg[2] in GUARDS]
    guard = None
    if guardable and rng.random() < 0.2:
        _, name, ty = rng.choice(guardable)
        kind, cond = GUARDS[ty]
        guard = (name, kind, cond.format(name))
    route = Route(methods, segments, guard)
    route.params = random_params(PARAM_RNG)
    return route


class Block:
    """A `route!` block: routes and includes (prefix, sub-block) in declaration order."""

    def __init__(self, name):
        self.name = name
        self.entries = []

    def add_route(self, rng):
        while True:
            route = random_route(rng)
            earlier = [e for e in self.entries if isinstance(e, Route)]
            if not any(shadows(e, route) for e in earlier):
                self.entries.append(route)
                return

    def emit(self, out, first_index, guards, links, outer):
        """Appends this block and its sub-blocks to `out`, their guards to `guards`, and to
        `links` the match arms that build each route's link (`outer`: the include builders
        that wrap a link of this block, innermost last)."""
        lines, subs, index = [], [], first_index
        for e in self.entries:
            if isinstance(e, Route):
                lines.append(e.source(index))
                if e.guard:
                    guards.append((index, e.guard[0], e.guard[1]))
                call = f"{self.name}::{e.link(index)}"
                for wrap in reversed(outer):
                    call = f"{wrap}({call})"
                links.append(f"{index} => {call}.erase(),")
                index += 1
            else:
                prefix, sub = e
                nth = len(subs)
                head = "include " + " / ".join(rust_str(p) for p in prefix) if prefix else "include"
                lines.append(f"i{nth}: {head} => {sub.name}()")
                subs.append((sub, index, f"{self.name}::i{nth}"))
                index += sub.count()
        body = "".join(f"        {line},\n" for line in lines)
        out.append(f"#[rook::routes]\nfn {self.name}() -> Routes {{\n    route! {{\n{body}    }}\n}}\n")
        for sub, at, wrap in subs:
            sub.emit(out, at, guards, links, outer + [wrap])

    def count(self):
        return sum(1 if isinstance(e, Route) else e[1].count() for e in self.entries)


def random_block(rng, name, routes, includes, depth):
    block = Block(name)
    slots = sorted(rng.sample(range(routes + includes), includes))
    nth = 0
    for i in range(routes + includes):
        if i in slots:
            prefix = [rng.choice(PREFIXES) for _ in range(pick(rng, [(0, 1), (1, 3), (2, 2)]))]
            nested = 1 if depth == 0 and rng.random() < 0.3 else 0
            sub = random_block(rng, f"{name}_sub{nth}", rng.randint(3, 7), nested, depth + 1)
            block.entries.append((prefix, sub))
            nth += 1
        else:
            block.add_route(rng)
    return block


def main():
    # A different seed (`gen_tables.py 12345`) explores other tables; commit only the default.
    seed = int(sys.argv[1]) if len(sys.argv) > 1 else SEED
    rng = random.Random(seed)
    global PARAM_RNG
    PARAM_RNG = random.Random(seed + 1)
    out = [
        "// @generated by gen_tables.py — do not edit: change the script and rerun\n"
        "// `python3 framework/tests/props/gen_tables.py`.\n\n"
        "use rook::prelude::*;\n\n"
        "/// Every generated table, by name.\n"
        "pub(crate) fn tables() -> Vec<(&'static str, Routes)> {\n    vec![\n"
        + "".join(f"        (\"table{t}\", table{t}()),\n" for t in range(TABLES))
        + "    ]\n}\n"
    ]
    guard_arms, link_arms = [], []
    for t in range(TABLES):
        block = random_block(rng, f"table{t}", rng.randint(9, 22), rng.randint(1, 2), 0)
        guards, links = [], []
        block.emit(out, 0, guards, links, [])
        link_arms.append(f'        "table{t}" => match index {{\n' + "".join(f"            {l}\n" for l in links)
                         + f'            _ => panic!("table{t} has no route {{index}}"),\n        }},\n')
        listed = ", ".join(f'({i}, "{name}", "{kind}")' for i, name, kind in guards)
        guard_arms.append(f'        "table{t}" => &[{listed}],\n')
    out.insert(1, "/// The guarded routes of a table: (index in `Routes::list()`, capture, guard kind).\n"
               "pub(crate) fn guards(table: &str) -> &'static [(usize, &'static str, &'static str)] {\n"
               "    match table {\n" + "".join(guard_arms) + "        _ => &[],\n    }\n}\n")
    out.insert(2, "/// The link to route `index` (of `Routes::list()`) of a table, built by its typed link\n"
               "/// builder from the values `v` holds.\n"
               "pub(crate) fn link(table: &str, index: usize, v: &super::Values) -> rook::Link {\n"
               "    match table {\n" + "".join(link_arms) + "        other => panic!(\"no table {other}\"),\n    }\n}\n")
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "tables.rs")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(out))


if __name__ == "__main__":
    main()

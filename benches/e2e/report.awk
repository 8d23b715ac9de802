# Turns run.sh's raw.tsv into the markdown report: median tables, Rook/peer ratios, the goals.
# Variables: servers, routes (space-separated, in display order), allocs (allocations.tsv),
# instr (instructions.tsv, may be empty).

function median(key,    n, i, j, v, t) {
    n = count[key]
    for (i = 1; i <= n; i++) v[i] = vals[key, i]
    for (i = 2; i <= n; i++)
        for (j = i; j > 1 && v[j - 1] > v[j]; j--) { t = v[j]; v[j] = v[j - 1]; v[j - 1] = t }
    med = n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
    spread[key] = med > 0 ? (v[n] - v[1]) / med : 0
    return med
}

# The median over the routes of arr[mode, metric, route, server].
function over_routes(arr, mode, metric, server,    r, n, i, j, t, v) {
    n = 0
    for (r = 1; r <= nr; r++) v[++n] = arr[mode, metric, R[r], server]
    for (i = 2; i <= n; i++) for (j = i; j > 1 && v[j - 1] > v[j]; j--) { t = v[j]; v[j] = v[j - 1]; v[j - 1] = t }
    return v[int((n + 1) / 2)]
}

function add(key, value) {
    vals[key, ++count[key]] = value
}

# A table of medians of `metric` in `mode`, then Rook / peer for each peer.
function table(mode, metric, title, fmt,    r, s, line) {
    print "#### " title
    print ""
    line = "| route |"
    for (s = 1; s <= ns; s++) line = line " " S[s] " |"
    for (s = 1; s <= ns; s++) if (S[s] != "rook") line = line " Rook / " S[s] " |"
    print line
    line = "|---|"
    for (s = 1; s <= 2 * ns - 1; s++) line = line "---:|"
    print line
    for (r = 1; r <= nr; r++) {
        line = "| `" R[r] "` |"
        for (s = 1; s <= ns; s++) line = line " " sprintf(fmt, M[mode, metric, R[r], S[s]]) " |"
        for (s = 1; s <= ns; s++)
            if (S[s] != "rook") line = line " " sprintf("%.2f", ratio(mode, metric, R[r], S[s])) " |"
        print line
    }
    print ""
}

function ratio(mode, metric, route, peer) {
    return M[mode, metric, route, "rook"] / M[mode, metric, route, peer]
}

# Largest (or smallest) Rook / peer ratio over `list` (routes, space-separated).
function worst(mode, metric, peer, list, largest,    l, n, i, x, w, at) {
    n = split(list, l, " ")
    for (i = 1; i <= n; i++) {
        x = ratio(mode, metric, l[i], peer)
        if (i == 1 || (largest ? x > w : x < w)) { w = x; at = l[i] }
    }
    worst_at = at
    return w
}

# `stretch`: whether the stretch goal (or target) named `word` is met too.
function goal(text, value, ok, stretch, word) {
    printf "| %s | %.2f (`%s`) | %s |\n", text, value, worst_at,
        ok ? (stretch ? "met, " word " met" : word ? "met, " word " not" : "met") : "**not met**"
}

BEGIN {
    ns = split(servers, S, " ")
    nr = split(routes, R, " ")
    for (s = 1; s <= ns; s++) has_server[S[s]] = 1
    for (r = 1; r <= nr; r++) has_route[R[r]] = 1
}

# Whether every one of `names` (space-separated) is in `set`.
function all_in(names, set,    n, i, l) {
    n = split(names, l, " ")
    for (i = 1; i <= n; i++) if (!(l[i] in set)) return 0
    return 1
}

NR > 1 {
    add($2 SUBSEP "rps" SUBSEP $3 SUBSEP $4, $6)
    add($2 SUBSEP "us" SUBSEP $3 SUBSEP $4, $7)
    add($2 SUBSEP "share" SUBSEP $3 SUBSEP $4, $8)
}

END {
    for (key in count) M[key] = median(key)
    table("A", "us", "Mode A (keep-alive): server CPU µs per request, lower is better", "%.2f")
    table("B", "rps", "Mode B (pipelined): requests per second, higher is better", "%.0f")
    table("B", "us", "Mode B (pipelined): server CPU µs per request, lower is better", "%.2f")

    if (all_in("/authorizations /user/keys/p1", has_route)) {
        print "#### Route #0 (`/authorizations`) against route #129 (`/user/keys/p1`), mode A"
        print ""
        print "| server | µs/request #0 | µs/request #129 | #129 / #0 |"
        print "|---|---:|---:|---:|"
        for (s = 1; s <= ns; s++)
            printf "| %s | %.2f | %.2f | %.2f |\n", S[s], M["A", "us", "/authorizations", S[s]],
                M["A", "us", "/user/keys/p1", S[s]], M["A", "us", "/user/keys/p1", S[s]] / M["A", "us", "/authorizations", S[s]]
        print ""
    }

    print "#### How much to trust the above: median over routes of the server's CPU share (1.00 = saturated) and of the run-to-run spread ((max − min) / median)"
    print ""
    printf "| |"; for (s = 1; s <= ns; s++) printf " %s |", S[s]; print ""
    printf "|---|"; for (s = 1; s <= ns; s++) printf "---:|"; print ""
    for (m = 1; m <= 2; m++) {
        mode = m == 1 ? "A" : "B"
        printf "| mode %s, CPU share |", mode
        for (s = 1; s <= ns; s++) printf " %.2f |", over_routes(M, mode, "share", S[s])
        print ""
        printf "| mode %s, spread of µs/request |", mode
        for (s = 1; s <= ns; s++) printf " %.2f |", over_routes(spread, mode, "us", S[s])
        print ""
        if (mode == "B") {
            printf "| mode B, spread of requests/s |"
            for (s = 1; s <= ns; s++) printf " %.2f |", over_routes(spread, mode, "rps", S[s])
            print ""
        }
    }
    print ""

    maxalloc = 0
    print "#### Heap allocations per request (in-process count, one keep-alive connection)"
    print ""
    while ((getline line < allocs) > 0) {
        split(line, f, "\t")
        if (!(f[2] in seen)) { seen[f[2]] = 1; P[++np] = f[2] }
        if (!(f[1] in seenS)) { seenS[f[1]] = 1; AS[++nas] = f[1] }
        A[f[1], f[2]] = f[3]
        if (f[1] == "rook" && f[3] + 0 > maxalloc) { maxalloc = f[3] + 0; maxalloc_at = f[2] }
    }
    printf "| route |"; for (s = 1; s <= nas; s++) printf " %s |", AS[s]; print ""
    printf "|---|"; for (s = 1; s <= nas; s++) printf "---:|"; print ""
    for (p = 1; p <= np; p++) {
        printf "| `%s` |", P[p]
        for (s = 1; s <= nas; s++) printf " %s |", A[AS[s], P[p]]
        print ""
    }
    print ""

    while ((getline line < instr) > 0) {
        split(line, f, "\t")
        I[f[1], f[2]] = f[3]
        has_instr = 1
    }
    if (has_instr) {
        print "#### User-space instructions per request (callgrind, pipelined), lower is better"
        print ""
        printf "| route |"; for (s = 1; s <= ns; s++) printf " %s |", S[s]
        for (s = 1; s <= ns; s++) if (S[s] != "rook") printf " Rook / %s |", S[s]
        print ""
        printf "|---|"; for (s = 1; s <= 2 * ns - 1; s++) printf "---:|"; print ""
        for (r = 1; r <= nr; r++) {
            printf "| `%s` |", R[r]
            for (s = 1; s <= ns; s++) printf " %d |", I[S[s], R[r]]
            for (s = 1; s <= ns; s++) if (S[s] != "rook") printf " %.2f |", I["rook", R[r]] / I[S[s], R[r]]
            print ""
        }
        print ""
    }

    all = routes
    deep = "/repos/p1/p2/stats/punch_card /user/keys/p1"
    # The goals compare Rook with the peers on the default routes: only a full run has them all.
    if (!all_in("rook floor actix axum rocket", has_server) || !all_in(deep " /authorizations", has_route)) exit
    print "#### Goals (issue 6), worst route in brackets"
    print ""
    print "| goal | measured | |"
    print "|---|---:|---|"
    x = worst("A", "us", "floor", all, 1); goal("A: Rook ≤ 1.05× the floor, µs/request", x, x <= 1.05)
    x = worst("A", "us", "axum", deep, 1); goal("A: Rook ≤ 0.95× axum on the deep routes", x, x <= 0.95)
    x = worst("A", "us", "actix", "/repos/p1/p2/stats/punch_card", 1); goal("A: Rook ≤ 0.30× idiomatic actix-web on punch_card", x, x <= 0.30)
    x = worst("A", "us", "rocket", all, 1); goal("A: Rook ≤ 0.5× Rocket", x, x <= 0.5)
    # Requests/s only measure the servers when the server, not wrk, is the bottleneck; the
    # capacity (requests per CPU-second of the server, 1 / µs per request) always does.
    x = worst("B", "rps", "floor", all, 0); goal("B: Rook ≥ 0.7× the floor (stretch 0.9), requests/s", x, x >= 0.7, x >= 0.9, "stretch")
    x = 1 / worst("B", "us", "floor", all, 1); goal("B: the same in capacity (1 / CPU µs per request)", x, x >= 0.7, x >= 0.9, "stretch")
    x = worst("B", "rps", "axum", all, 0); goal("B: Rook ≥ 3× axum, requests/s", x, x >= 3)
    x = 1 / worst("B", "us", "axum", all, 1); goal("B: the same in capacity", x, x >= 3)
    x = worst("B", "rps", "rocket", all, 0); goal("B: Rook ≥ 8× Rocket, requests/s", x, x >= 8)
    x = 1 / worst("B", "us", "rocket", all, 1); goal("B: the same in capacity", x, x >= 8)
    x = M["A", "us", "/user/keys/p1", "rook"] / M["A", "us", "/authorizations", "rook"]; worst_at = "#129 / #0, mode A"
    goal("Rook: route #0 and #129 within 5%", x, x >= 0.95 && x <= 1.05)
    worst_at = maxalloc_at; goal("Rook: ≤ 7 heap allocations per request (target 4)", maxalloc, maxalloc <= 7, maxalloc <= 4, "target")
}

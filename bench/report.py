"""Turns bench/run.sh's measurements into one line per figure, a table and a JSON document, and judges the targets.

Exits non-zero only for functional failures (errors under load, an operator-token call count other than one per
token lifetime, a gateway request that did not make exactly one upstream call): timings are reported, never fatal.
"""
import argparse
import json
import sys

TARGET_RATIO_AT_64 = 0.8
TARGET_ADDED_P99_AT_16_MS = 2.0
TARGET_RSS_MB = 200.0
TARGET_STARTUP_MS = 1500


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("points", nargs="+")
    parser.add_argument("--smoke", default="0")
    parser.add_argument("--startup-ms", type=int, required=True)
    parser.add_argument("--quarkus-started", default="null")
    parser.add_argument("--rss-mb", type=float, required=True, help="RSS right after the last point")
    parser.add_argument("--rss-settled-mb", type=float, help="RSS after a few idle seconds")
    parser.add_argument("--standin-stats", required=True, help="the stand-in's /__bench/stats at the end of the run")
    parser.add_argument("--client-id", required=True, help="the gateway's Airbyte client id")
    parser.add_argument("--token-lifetime", type=float, required=True, help="operator-token lifetime, seconds")
    parser.add_argument("--java-opts", default="")
    parser.add_argument("--warmup", help="wrk result of the warm-up (cold JVM, cold token cache)")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    smoke = args.smoke == "1"

    # When the stand-in issued each of the gateway's operator tokens. The gateway keeps a token for its lifetime minus
    # a margin of min(60 s, a tenth of the lifetime) (airbyte.operator-token.refresh-margin's default), so two
    # fetches closer together than that would be two calls in one token lifetime.
    with open(args.standin_stats) as f:
        issued = sorted(json.load(f)["tokensIssued"].get(args.client_id, []))
    token_calls = len(issued)
    kept_for_s = args.token_lifetime - min(60.0, args.token_lifetime / 10)
    gaps_s = [(b - a) / 1000 for a, b in zip(issued, issued[1:])]
    min_gap_s = round(min(gaps_s), 1) if gaps_s else None
    one_per_lifetime = token_calls >= 1 and all(gap >= kept_for_s - 1 for gap in gaps_s)

    points = []
    for path in args.points:
        with open(path) as f:
            p = json.load(f)
        d, g = p["direct"], p["gateway"]
        p["ratio"] = round(g["rps"] / d["rps"], 3) if d["rps"] else None
        p["added_p50_ms"] = round(g["p50_ms"] - d["p50_ms"], 3)
        p["added_p99_ms"] = round(g["p99_ms"] - d["p99_ms"], 3)
        p["errors"] = g["non_2xx"] + g["socket_errors"]
        p["direct_errors"] = d["non_2xx"] + d["socket_errors"]
        p["operator_token_calls_per_10k"] = round(p["operator_token_calls"] * 10000 / g["requests"], 3) if g["requests"] else None
        points.append(p)

    for p in points:
        tag = f"latency={p['latency_ms']}ms connections={p['connections']}"
        for side in ("direct", "gateway"):
            r = p[side]
            print(f"{tag} {side} rps {r['rps']:.1f}")
            for q in ("p50_ms", "p99_ms", "p999_ms"):
                print(f"{tag} {side} {q} {r[q]:.3f}")
        print(f"{tag} ratio {p['ratio']}")
        print(f"{tag} added_p50_ms {p['added_p50_ms']:.3f}")
        print(f"{tag} added_p99_ms {p['added_p99_ms']:.3f}")
        print(f"{tag} operator_token_calls_per_10k {p['operator_token_calls_per_10k']}")
        print(f"{tag} errors {p['errors']}")
    warmup = None
    if args.warmup:
        with open(args.warmup) as f:
            warmup = json.load(f)
        print(f"warmup gateway rps {warmup['rps']:.1f}")
        print(f"warmup gateway p99_ms {warmup['p99_ms']:.3f}")
        print(f"warmup errors {warmup['non_2xx'] + warmup['socket_errors']}")
    print(f"startup_to_ready_ms {args.startup_ms}")
    print(f"rss_after_load_mb {args.rss_mb}")
    print(f"rss_settled_mb {args.rss_settled_mb}")
    print(f"operator_token_calls_total {token_calls}")
    print(f"operator_token_shortest_gap_s {min_gap_s}")
    print(f"operator_token_kept_for_s {kept_for_s}")

    print()
    print("| Airbyte latency | conns | direct req/s | gateway req/s | ratio | direct p50/p99/p99.9 ms "
          "| gateway p50/p99/p99.9 ms | added p50 / p99 ms | token calls /10k | errors |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for p in points:
        d, g = p["direct"], p["gateway"]
        print(f"| {p['latency_ms']} ms | {p['connections']} | {d['rps']:.0f} | {g['rps']:.0f} | {p['ratio']:.2f} "
              f"| {d['p50_ms']:.2f} / {d['p99_ms']:.2f} / {d['p999_ms']:.2f} "
              f"| {g['p50_ms']:.2f} / {g['p99_ms']:.2f} / {g['p999_ms']:.2f} "
              f"| {p['added_p50_ms']:+.2f} / {p['added_p99_ms']:+.2f} | {p['operator_token_calls_per_10k']} "
              f"| {p['errors']} |")
    print()

    failures = []
    for p in points:
        tag = f"latency={p['latency_ms']}ms connections={p['connections']}"
        if p["errors"] or p["direct_errors"]:
            failures.append(f"{tag}: {p['errors']} gateway and {p['direct_errors']} direct errors under load")
        ok = p["gateway"]["requests"] - p["gateway"]["non_2xx"]
        if p["upstream_widget_calls"] < ok:
            # No coalescing of widget tokens (docs/performance.md): every minted token is its own upstream call.
            failures.append(f"{tag}: {ok} tokens minted from only {p['upstream_widget_calls']} upstream calls")
    if warmup and warmup["non_2xx"] + warmup["socket_errors"]:
        failures.append(f"warm-up: {warmup['non_2xx']} non-2xx answers and {warmup['socket_errors']} socket errors")
    if not one_per_lifetime:
        failures.append(f"{token_calls} operator-token calls, {min_gap_s} s apart at the closest: more than one per "
                        f"token lifetime (kept for {kept_for_s} s)")

    targets = []
    for p in points:
        if p["connections"] == 64:
            targets.append((f"throughput at 64 connections, {p['latency_ms']} ms Airbyte latency >= "
                            f"{TARGET_RATIO_AT_64} x direct", p["ratio"], p["ratio"] >= TARGET_RATIO_AT_64))
        if p["connections"] == 16:
            targets.append((f"added p99 at 16 connections, {p['latency_ms']} ms Airbyte latency <= "
                            f"{TARGET_ADDED_P99_AT_16_MS} ms", p["added_p99_ms"],
                            p["added_p99_ms"] <= TARGET_ADDED_P99_AT_16_MS))
    # Judged on the reading taken right after the load, the stricter of the two.
    targets.append((f"RSS after load <= {TARGET_RSS_MB:.0f} MB", args.rss_mb, args.rss_mb <= TARGET_RSS_MB))
    targets.append((f"startup to ready <= {TARGET_STARTUP_MS} ms", args.startup_ms, args.startup_ms <= TARGET_STARTUP_MS))
    targets.append((f"one operator-token call per token lifetime ({token_calls} calls, shortest gap {min_gap_s} s, "
                    f"kept for {kept_for_s} s)", token_calls, one_per_lifetime))
    warmup_errors = warmup["non_2xx"] + warmup["socket_errors"] if warmup else 0
    errors = sum(p["errors"] for p in points) + warmup_errors
    targets.append(("no errors under load (warm-up included)", errors, errors == 0))
    if smoke:
        print("smoke run: timings are not judged")
    else:
        for name, value, met in targets:
            print(f"target {'MET ' if met else 'MISSED'} {name}: {value}")

    result = {
        "smoke": smoke,
        "java_opts": args.java_opts,
        "startup_to_ready_ms": args.startup_ms,
        "quarkus_started_s": None if args.quarkus_started == "null" else float(args.quarkus_started),
        "rss_after_load_mb": args.rss_mb,
        "rss_settled_mb": args.rss_settled_mb,
        "operator_token_lifetime_s": args.token_lifetime,
        "operator_token_kept_for_s": kept_for_s,
        "operator_token_calls_total": token_calls,
        "operator_token_shortest_gap_s": min_gap_s,
        "warmup": warmup,
        "points": points,
        "targets": [] if smoke else [{"target": n, "value": v, "met": m} for n, v, m in targets],
        "failures": failures,
    }
    with open(args.out, "w") as f:
        json.dump(result, f, indent=2)
    print(f"results: {args.out}")
    for failure in failures:
        print(f"FAIL: {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

"""Turns bench/run.sh's measurements into one line per figure, a table and a JSON document, and judges the targets.

The same for both forms (the jar and the native executable): per point, throughput and latency side by side with the
stand-in driven directly, CPU time per request of the process under test, and the gateway's memory; per run, exec to
ready (median of the launches), memory when ready, after the load and at its peak, and the operator-token calls.

Exits non-zero only for functional failures (errors under load, an operator-token call count other than one per
token lifetime, a gateway request that did not make exactly one upstream call): timings are reported, never fatal.
"""
import argparse
import json
import statistics
import sys

# The targets of docs/performance.md ("The targets"), per form where they differ.
TARGET_RATIO_AT_64_20MS = 0.9
TARGET_ADDED_P99_AT_16_MS = 2.0
# The seed's Node backend at 0 ms and 64 connections on these two-core machines; the gateway should do ten times that.
SEED_RPS_AT_0MS = 611
TARGET_SEED_MULTIPLE_AT_0MS = 10
# Half the gateway CPU time per request at 0 ms and 64 connections of the first measured run (2026-11-22: 335 µs).
TARGET_CPU_US_AT_0MS = 335 / 2
TARGET_RSS_AFTER_LOAD_MB = {"jar": 200.0, "native": 96.0}
TARGET_RSS_READY_MB = {"native": 64.0}
TARGET_STARTUP_MS = {"jar": 1500, "native": 100}


def fmt(value):
    return "n/a" if value is None else f"{value:.0f}"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("points", nargs="+")
    parser.add_argument("--smoke", default="0")
    parser.add_argument("--form", default="jar", help="jar or native")
    parser.add_argument("--runner", default="", help="what was launched")
    parser.add_argument("--opts", default="", help="JAVA_OPTS (jar) or NATIVE_OPTS (native)")
    parser.add_argument("--starts", required=True,
                        help="one line per launch: exec-to-ready ms, Quarkus's 'started in' s (or null), RSS MiB when "
                             "ready; the last launch is the gateway measured")
    parser.add_argument("--rss-mb", type=float, required=True, help="RSS right after the last point, MiB")
    parser.add_argument("--rss-settled-mb", type=float, help="RSS after a few idle seconds, MiB")
    parser.add_argument("--rss-hwm-mb", type=float, required=True, help="VmHWM after the last point, MiB")
    parser.add_argument("--clk-tck", type=int, default=100, help="clock ticks per second of /proc/PID/stat")
    parser.add_argument("--since-ms", type=int, default=0,
                        help="when the measured gateway was launched (epoch ms): earlier launches' token calls are "
                             "not its own")
    parser.add_argument("--summary", default="", help="a Markdown file to append the tables to")
    parser.add_argument("--standin-stats", required=True, help="the stand-in's /__standin/stats at the end of the run")
    parser.add_argument("--client-id", required=True, help="the gateway's Airbyte client id")
    parser.add_argument("--token-lifetime", type=float, required=True, help="operator-token lifetime, seconds")
    parser.add_argument("--warmup", help="wrk result of the warm-up (cold JVM, cold token cache)")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    smoke = args.smoke == "1"

    # When the stand-in issued each of the gateway's operator tokens. The gateway keeps a token for its lifetime minus
    # a margin of min(60 s, a tenth of the lifetime) (airbyte.operator-token.refresh-margin's default), so two
    # fetches closer together than that would be two calls in one token lifetime.
    with open(args.standin_stats) as f:
        issued = sorted(t for t in json.load(f)["tokensIssued"].get(args.client_id, []) if t >= args.since_ms)
    token_calls = len(issued)
    kept_for_s = args.token_lifetime - min(60.0, args.token_lifetime / 10)
    gaps_s = [(b - a) / 1000 for a, b in zip(issued, issued[1:])]
    min_gap_s = round(min(gaps_s), 1) if gaps_s else None
    one_per_lifetime = token_calls >= 1 and all(gap >= kept_for_s - 1 for gap in gaps_s)

    starts = []
    with open(args.starts) as f:
        for line in f:
            ready_ms, started_s, rss_mb = line.split()
            starts.append({"ready_ms": int(ready_ms), "quarkus_started_s": None if started_s == "null" else float(started_s),
                           "rss_mb": float(rss_mb)})
    startup_ms = statistics.median(s["ready_ms"] for s in starts)
    quarkus_started = starts[-1]["quarkus_started_s"]
    rss_ready_mb = starts[-1]["rss_mb"]

    # CPU time per completed request: clock ticks over the point, so the resolution is one tick over the requests.
    def cpu_us(ticks, requests):
        return round(ticks * 1e6 / args.clk_tck / requests, 1) if requests else None

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
        p["gateway_cpu_us_per_request"] = cpu_us(p["gateway_cpu_ticks"], g["requests"])
        p["direct_standin_cpu_us_per_request"] = cpu_us(p["standin_cpu_ticks"], d["requests"])
        p["cpu_resolution_us_per_request"] = cpu_us(1, g["requests"])
        allocated = p.get("gateway_allocated_bytes")
        p["gateway_allocated_kb_per_request"] = (
            round(allocated / 1024 / g["requests"], 1) if allocated is not None and g["requests"] else None)
        # The peak so far: VmHWM, or a higher RSS read earlier (the kernel records VmHWM at some events only).
        peak_mb = max([p["gateway_hwm_mb"], rss_ready_mb] + [q["gateway_rss_mb"] for q in points + [p]])
        p["gateway_peak_mb"] = peak_mb
        points.append(p)
    rss_peak_mb = max([args.rss_hwm_mb, args.rss_mb] + [p["gateway_peak_mb"] for p in points])

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
        print(f"{tag} gateway cpu_us_per_request {p['gateway_cpu_us_per_request']}")
        print(f"{tag} gateway allocated_kb_per_request {p['gateway_allocated_kb_per_request']}")
        print(f"{tag} direct standin_cpu_us_per_request {p['direct_standin_cpu_us_per_request']}")
        print(f"{tag} gateway rss_mb {p['gateway_rss_mb']} peak_mb {p['gateway_peak_mb']}")
        print(f"{tag} operator_token_calls_per_10k {p['operator_token_calls_per_10k']}")
        print(f"{tag} errors {p['errors']}")
    warmup = None
    if args.warmup:
        with open(args.warmup) as f:
            warmup = json.load(f)
        print(f"warmup gateway rps {warmup['rps']:.1f}")
        print(f"warmup gateway p99_ms {warmup['p99_ms']:.3f}")
        print(f"warmup errors {warmup['non_2xx'] + warmup['socket_errors']}")
    print(f"startup_to_ready_ms {startup_ms} (median of {len(starts)}: {', '.join(str(s['ready_ms']) for s in starts)})")
    print(f"rss_ready_mb {rss_ready_mb}")
    print(f"rss_after_load_mb {args.rss_mb}")
    print(f"rss_settled_mb {args.rss_settled_mb}")
    print(f"rss_peak_mb {rss_peak_mb}")
    print(f"operator_token_calls_total {token_calls}")
    print(f"operator_token_shortest_gap_s {min_gap_s}")
    print(f"operator_token_kept_for_s {kept_for_s}")

    opts = args.opts.strip() or "none"
    started = f"{quarkus_started} s" if quarkus_started is not None else "n/a"
    table = [
        "| Airbyte latency | conns | direct req/s | gateway req/s | ratio | direct p50/p99/p99.9 ms "
        "| gateway p50/p99/p99.9 ms | added p50 / p99 ms | CPU µs/req stand-in / gateway | KB allocated/req "
        "| gateway RSS / peak MiB | token calls /10k | errors |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for p in points:
        d, g = p["direct"], p["gateway"]
        table.append(
            f"| {p['latency_ms']} ms | {p['connections']} | {d['rps']:.0f} | {g['rps']:.0f} | {p['ratio']:.2f} "
            f"| {d['p50_ms']:.2f} / {d['p99_ms']:.2f} / {d['p999_ms']:.2f} "
            f"| {g['p50_ms']:.2f} / {g['p99_ms']:.2f} / {g['p999_ms']:.2f} "
            f"| {p['added_p50_ms']:+.2f} / {p['added_p99_ms']:+.2f} "
            f"| {fmt(p['direct_standin_cpu_us_per_request'])} / {fmt(p['gateway_cpu_us_per_request'])} "
            f"| {'n/a' if p['gateway_allocated_kb_per_request'] is None else p['gateway_allocated_kb_per_request']} "
            f"| {p['gateway_rss_mb']:.0f} / {p['gateway_peak_mb']:.0f} | {p['operator_token_calls_per_10k']} "
            f"| {p['errors']} |")
    run = [
        "| figure | value |",
        "|---|---|",
        f"| form | {args.form} (`{args.runner or 'target/quarkus-app/quarkus-run.jar'}`), options: `{opts}` |",
        f"| exec to ready | {startup_ms:.0f} ms (median of {len(starts)}: "
        f"{', '.join(str(s['ready_ms']) for s in starts)} ms); the measured launch: Quarkus started in {started} |",
        f"| RSS when ready / after the load / idle after it / peak | {rss_ready_mb:.1f} / {args.rss_mb:.1f} / "
        f"{args.rss_settled_mb:.1f} / {rss_peak_mb:.1f} MiB |",
        f"| operator-token calls | {token_calls}"
        + (f", {min_gap_s} s apart at the closest (kept for {kept_for_s} s) |" if gaps_s else " |"),
    ]
    print()
    print("\n".join(table))
    print()
    print("\n".join(run))
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
        if p["connections"] == 64 and p["latency_ms"] == 20:
            targets.append((f"throughput at 64 connections, 20 ms Airbyte latency >= {TARGET_RATIO_AT_64_20MS} x direct",
                            p["ratio"], p["ratio"] >= TARGET_RATIO_AT_64_20MS))
        if p["connections"] == 64 and p["latency_ms"] == 0:
            rps = round(p["gateway"]["rps"])
            targets.append((f"throughput at 64 connections, 0 ms Airbyte latency >= {TARGET_SEED_MULTIPLE_AT_0MS} x the "
                            f"seed's {SEED_RPS_AT_0MS} req/s ({rps / SEED_RPS_AT_0MS:.1f} x)", rps,
                            rps >= TARGET_SEED_MULTIPLE_AT_0MS * SEED_RPS_AT_0MS))
            cpu = p["gateway_cpu_us_per_request"]
            targets.append((f"gateway CPU per request at 64 connections, 0 ms Airbyte latency <= "
                            f"{TARGET_CPU_US_AT_0MS:.0f} us", cpu, cpu is not None and cpu <= TARGET_CPU_US_AT_0MS))
        if p["connections"] == 16:
            targets.append((f"added p99 at 16 connections, {p['latency_ms']} ms Airbyte latency <= "
                            f"{TARGET_ADDED_P99_AT_16_MS} ms", p["added_p99_ms"],
                            p["added_p99_ms"] <= TARGET_ADDED_P99_AT_16_MS))
    if args.form in TARGET_RSS_READY_MB:
        limit = TARGET_RSS_READY_MB[args.form]
        targets.append((f"RSS when ready <= {limit:.0f} MB ({args.form})", rss_ready_mb, rss_ready_mb <= limit))
    # Judged on the reading taken right after the load, the stricter of the two.
    limit = TARGET_RSS_AFTER_LOAD_MB[args.form]
    targets.append((f"RSS after load <= {limit:.0f} MB ({args.form})", args.rss_mb, args.rss_mb <= limit))
    limit = TARGET_STARTUP_MS[args.form]
    targets.append((f"exec to ready <= {limit} ms ({args.form}, median of {len(starts)})", startup_ms,
                    startup_ms <= limit))
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
        "form": args.form,
        "runner": args.runner,
        "opts": args.opts,
        "clk_tck": args.clk_tck,
        "starts": starts,
        "startup_to_ready_ms": startup_ms,
        "quarkus_started_s": quarkus_started,
        "rss_ready_mb": rss_ready_mb,
        "rss_after_load_mb": args.rss_mb,
        "rss_settled_mb": args.rss_settled_mb,
        "rss_hwm_mb": args.rss_hwm_mb,
        "rss_peak_mb": rss_peak_mb,
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
    if args.summary:
        judged = ["smoke run: timings are not judged"] if smoke else [
            f"- target {'met' if met else '**missed**'}: {name}: {value}" for name, value, met in targets]
        with open(args.summary, "a") as f:
            f.write(f"### bench/run.sh: {args.form}\n\n" + "\n".join(table) + "\n\n" + "\n".join(run) + "\n\n"
                    + "\n".join(judged + [f"- **FAIL**: {failure}" for failure in failures]) + "\n\n")
    print(f"results: {args.out}")
    for failure in failures:
        print(f"FAIL: {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

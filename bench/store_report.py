#!/usr/bin/env python3
"""The shared store's cost: the same load on the memory gateway and on the redis gateway, side by side.

Reads one JSON file per point ({"latency_ms", "connections", "memory": wrk result, "redis": wrk result,
"memory_cpu_ticks", "redis_cpu_ticks": the gateway's CPU time over the point}), prints the added p50/p99 and the CPU
time per request of gateway.state.store=redis, writes them as JSON, and fails on errors under load or when Redis did
not do the limit checks (a redis run that never reached Redis would measure nothing).
"""
import argparse
import json
import sys


def fmt(value):
    return "n/a" if value is None else f"{value:.0f}"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("points", nargs="+")
    parser.add_argument("--smoke", default="0")
    parser.add_argument("--form", default="jar", help="jar or native")
    parser.add_argument("--clk-tck", type=int, default=100, help="clock ticks per second of /proc/PID/stat")
    parser.add_argument("--summary", default="", help="a Markdown file to append the table to")
    parser.add_argument("--redis-checks", type=int, required=True, help="EVAL/EVALSHA calls Redis counted")
    parser.add_argument("--store-available", default="0", help="gateway_state_store_available at the end")
    parser.add_argument("--warmup", help="wrk result of the redis gateway's warm-up")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()

    points = []
    for path in args.points:
        with open(path) as f:
            p = json.load(f)
        m, r = p["memory"], p["redis"]
        p["added_p50_ms"] = round(r["p50_ms"] - m["p50_ms"], 3)
        p["added_p99_ms"] = round(r["p99_ms"] - m["p99_ms"], 3)
        p["rps_ratio"] = round(r["rps"] / m["rps"], 3) if m["rps"] else None
        p["errors"] = r["non_2xx"] + r["socket_errors"]
        for store in ("memory", "redis"):
            requests = p[store]["requests"]
            p[f"{store}_cpu_us_per_request"] = (round(p[f"{store}_cpu_ticks"] * 1e6 / args.clk_tck / requests, 1)
                                                if requests else None)
        points.append(p)

    table = ["| Airbyte latency | conns | memory req/s | redis req/s | memory p50/p99 ms | redis p50/p99 ms "
             "| added p50 / p99 ms | CPU µs/req memory / redis | errors |",
             "|---|---|---|---|---|---|---|---|---|"]
    for p in points:
        m, r = p["memory"], p["redis"]
        table.append(f"| {p['latency_ms']} ms | {p['connections']} | {m['rps']:.0f} | {r['rps']:.0f} "
                     f"| {m['p50_ms']:.2f} / {m['p99_ms']:.2f} | {r['p50_ms']:.2f} / {r['p99_ms']:.2f} "
                     f"| {p['added_p50_ms']:+.2f} / {p['added_p99_ms']:+.2f} "
                     f"| {fmt(p['memory_cpu_us_per_request'])} / {fmt(p['redis_cpu_us_per_request'])} | {p['errors']} |")
    print("\n".join(table))
    if args.summary:
        with open(args.summary, "a") as f:
            f.write(f"### bench/run.sh: {args.form}, the shared store's cost\n\n" + "\n".join(table) + "\n\n")
    for p in points:
        tag = f"store=redis latency={p['latency_ms']}ms connections={p['connections']}"
        print(f"{tag} added_p50_ms {p['added_p50_ms']:.3f}")
        print(f"{tag} added_p99_ms {p['added_p99_ms']:.3f}")

    warmup = None
    if args.warmup:
        with open(args.warmup) as f:
            warmup = json.load(f)
    measured = sum(p["redis"]["requests"] for p in points) + (warmup["requests"] if warmup else 0)
    print(f"redis limit checks {args.redis_checks} for {measured} requests; store available: {args.store_available}")

    failures = []
    errors = sum(p["errors"] for p in points) + (warmup["non_2xx"] + warmup["socket_errors"] if warmup else 0)
    if errors:
        failures.append(f"{errors} errors under load on the redis store")
    # Every request is checked against both limits in one script call; a few more are the readiness-era calls.
    if args.redis_checks < measured:
        failures.append(f"Redis ran {args.redis_checks} limit checks for {measured} requests: the store was bypassed")
    if args.store_available.strip() not in ("1", "1.0"):
        failures.append(f"gateway_state_store_available is {args.store_available}, not 1")

    with open(args.out, "w") as f:
        json.dump({"smoke": args.smoke == "1", "form": args.form, "redis_limit_checks": args.redis_checks, "requests": measured,
                   "points": points, "failures": failures}, f, indent=2)
    print(f"store results: {args.out}")
    for failure in failures:
        print(f"FAIL: {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

"""Checks, after a bench/run.sh load, that every widget-token audit line names its own caller's workspace.

Under load, each request's continuations must run with that request's own context. A continuation that ran with
another request's (a shared token fetch handed over without it, say) writes that request's workspace into this one's
audit record: a silent integrity failure no status code shows. The harness knows every caller (bench-user-N in body
mode) and the audit key it gave the gateway, so it can tell which workspace each identity hash must name: the
workspace name is the user id (gateway.identity.workspace-template's default, {user}), and the stand-in's workspace id
is Java's UUID.nameUUIDFromBytes("workspace:" + name).

Prints one line; exits 1 if any audit line of a widget token names a workspace other than its caller's, or if there
was none to check.
"""
import argparse
import base64
import hashlib
import hmac
import json
import sys
import uuid


def identity_hash(key, user):
    # audit/IdentityHasher over CallerIdentity.key() for body mode without a tenant: HMAC-SHA256, 128 bits, base64url.
    digest = hmac.new(key.encode(), f"BODY:0::{user}".encode(), hashlib.sha256).digest()[:16]
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def workspace_id(name):
    # java.util.UUID.nameUUIDFromBytes: MD5 of the bytes, version 3, IETF variant.
    return str(uuid.UUID(bytes=hashlib.md5(f"workspace:{name}".encode()).digest(), version=3))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("logs", nargs="+", help="the gateway's JSON logs")
    parser.add_argument("--key", required=True, help="gateway.audit.identity-hash-key given to the gateway")
    parser.add_argument("--users", type=int, required=True, help="bench-user-0 to bench-user-(users - 1)")
    args = parser.parse_args()

    expected = {identity_hash(args.key, f"bench-user-{n}"): workspace_id(f"bench-user-{n}") for n in range(args.users)}
    checked = foreign = unknown = 0
    examples = []
    for path in args.logs:
        with open(path, errors="replace") as log:
            for line in log:
                if '"io.embedded.gateway.audit"' not in line:
                    continue
                message = json.loads(line).get("message", "")
                if not message.startswith("AUDIT "):
                    continue
                audit = json.loads(message[len("AUDIT "):])
                if audit.get("event") != "/api/airbyte/widget-token" or audit.get("workspaceId") is None:
                    continue
                checked += 1
                own = expected.get(audit.get("identity"))
                if own is None:
                    unknown += 1
                elif audit["workspaceId"] != own:
                    foreign += 1
                    if len(examples) < 3:
                        examples.append(audit)
    print(f"audit lines: {checked} widget tokens checked, {foreign} named another caller's workspace, "
          f"{unknown} an identity the harness did not send")
    for audit in examples:
        print(f"  e.g. {json.dumps(audit)}")
    if checked == 0 or foreign or unknown:
        print("FAIL: the audit lines do not match their callers" if checked else "FAIL: no audit line to check")
        sys.exit(1)


if __name__ == "__main__":
    main()

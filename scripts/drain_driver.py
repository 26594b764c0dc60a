"""Load for scripts/drain.sh: N connections of keep-alive widget-token POSTs for a fixed time, each outcome recorded.

It behaves like a load balancer in front of the pod: it polls readiness every 100 ms and, once the pod is not ready
(Kubernetes removes a terminating pod from the Service's endpoints), opens no new connection to it and counts those
requests as rerouted to another replica, while requests on connections already open go on until the gateway closes
them. With REROUTE=0 it keeps reconnecting to the terminating pod instead (harsher than any Service).

KIND says what a client does after an answer that closes its connection (every answer once the gateway is shutting
down): "retry-after" waits as long as a 503's Retry-After says before its next request, as a well-behaved client does;
"at-once" reconnects and sends its next request at once, whatever the answer said. Either kind writes its next request
on a connection that an answer left open at once, without first checking whether the server has closed it meanwhile
(as a bare http.client does; connection pools check).

Every request ends as an HTTP status, as rerouted, as refused (no connection could be opened: the process had exited)
or as lost once sent: reset (ECONNRESET or EPIPE), closed (EOF before any answer) or timed out. A lost request also
records whether its connection had already carried an answer (reused) or was new. Writes a JSON summary; lost requests
carry their time, so that drain.sh can place them relative to SIGTERM.
"""
import http.client
import json
import os
import socket
import sys
import threading
import time
import urllib.request

host, port, connections, seconds, origin, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), sys.argv[5], sys.argv[6]
readiness = sys.argv[7]
reroute = os.environ.get("REROUTE", "1") == "1"
kind = os.environ.get("KIND", "retry-after")
if kind not in ("retry-after", "at-once"):
    sys.exit(f"KIND must be retry-after or at-once, not {kind}")
started = time.time()
lock = threading.Lock()
statuses, refused, rerouted, waited = {}, 0, 0, 0
lost = []  # {"at", "how", "reused"}
routed_here = True


def watch_readiness():
    global routed_here
    while time.time() - started < seconds:
        try:
            urllib.request.urlopen(readiness, timeout=1).read()
        except Exception:
            if reroute:
                routed_here = False
                return
        time.sleep(0.1)


def how_lost(error):
    if isinstance(error, (ConnectionResetError, BrokenPipeError)):
        return "reset"
    if isinstance(error, (socket.timeout, TimeoutError)):
        return "timed out"
    return "closed"  # http.client.RemoteDisconnected, BadStatusLine, IncompleteRead: EOF before a whole answer


def worker(index):
    global refused, rerouted, waited
    conn, answered, n = None, 0, 0
    while time.time() - started < seconds:
        n += 1
        if conn is None and not routed_here:
            with lock:
                rerouted += 1
            time.sleep(0.2)
            continue
        try:
            if conn is None:
                conn, answered = http.client.HTTPConnection(host, port, timeout=30), 0
                conn.connect()
        except OSError:
            with lock:
                refused += 1
            conn = None
            time.sleep(0.05)
            continue
        try:
            body = json.dumps({"userId": f"drain-user-{(index * 7919 + n) % 1000}"})
            conn.request("POST", "/api/airbyte/widget-token", body,
                         {"Content-Type": "application/json", "Origin": origin})
            response = conn.getresponse()
            response.read()
            answered += 1
            close = response.getheader("Connection", "").lower() == "close"
            retry_after = response.getheader("Retry-After")
            with lock:
                statuses[response.status] = statuses.get(response.status, 0) + 1
            if close:
                conn.close()
                conn = None
            if response.status == 503 and retry_after and kind == "retry-after":
                with lock:
                    waited += 1
                time.sleep(int(retry_after))
        except (OSError, http.client.HTTPException) as e:
            with lock:
                lost.append({"at": round(time.time() - started, 4), "how": how_lost(e), "reused": answered > 0})
            conn.close()
            conn = None


threads = [threading.Thread(target=worker, args=(i,)) for i in range(connections)]
threads.append(threading.Thread(target=watch_readiness))
for t in threads:
    t.start()
for t in threads:
    t.join()
json.dump({"started": started, "kind": kind, "reroute": reroute, "statuses": statuses, "rerouted": rerouted,
           "refused": refused, "waited": waited, "lost": lost},
          open(out, "w"))

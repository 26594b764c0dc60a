"""Load for scripts/drain.sh: N connections of keep-alive widget-token POSTs for a fixed time, each outcome recorded.

It behaves like a load balancer in front of the pod: it polls readiness every 100 ms and, once the pod is not ready
(Kubernetes removes a terminating pod from the Service's endpoints), opens no new connection to it and counts those
requests as rerouted to another replica, while requests on connections already open go on until the gateway closes
them. With REROUTE=0 it keeps reconnecting to the terminating pod instead (harsher than any Service).

Every request ends as an HTTP status, as rerouted, as refused (no connection could be opened: the process had exited)
or as lost (reset, closed or timed out once sent). Writes a JSON summary; lost requests carry their time.
"""
import http.client
import json
import sys
import threading
import time

import os
import urllib.request

host, port, connections, seconds, origin, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), sys.argv[5], sys.argv[6]
readiness = sys.argv[7]
reroute = os.environ.get("REROUTE", "1") == "1"
started = time.time()
lock = threading.Lock()
statuses, refused, lost, lost_at, rerouted = {}, 0, 0, [], 0
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


def worker(index):
    global refused, lost, rerouted
    conn, n = None, 0
    while time.time() - started < seconds:
        n += 1
        if conn is None and not routed_here:
            with lock:
                rerouted += 1
            time.sleep(0.2)
            continue
        try:
            if conn is None:
                conn = http.client.HTTPConnection(host, port, timeout=30)
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
            with lock:
                statuses[response.status] = statuses.get(response.status, 0) + 1
            if response.getheader("Connection", "").lower() == "close":
                conn.close()
                conn = None
        except (OSError, http.client.HTTPException) as e:
            with lock:
                lost += 1
                lost_at.append(round(time.time() - started, 3))
            conn.close()
            conn = None


threads = [threading.Thread(target=worker, args=(i,)) for i in range(connections)]
threads.append(threading.Thread(target=watch_readiness))
for t in threads:
    t.start()
for t in threads:
    t.join()
json.dump({"started": started, "statuses": statuses, "rerouted": rerouted, "refused": refused, "lost": lost,
           "lost_at": lost_at[:50]},
          open(out, "w"))

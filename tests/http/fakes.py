"""Test doubles and helpers for the events tests: a webhook receiver (a real
HTTP server on 127.0.0.1 in the test process), an independent Standard
Webhooks checker written from the spec, and small helpers (settings, waits,
the outbox worker's pid)."""
import base64
import hashlib
import hmac
import json
import os
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# Test-only settings: retries 10,000 times faster than production (the whole
# schedule of about 3 days takes ~27 s), short leases and timeouts.
FAST = {"retry_scale": "0.0001", "lease_seconds": "3", "delivery_timeout_ms": "2000"}


def wait_for(cond, timeout=20.0, step=0.05, what="condition"):
    """Poll cond() until it returns a truthy value; fail after timeout seconds."""
    end = time.monotonic() + timeout
    while True:
        v = cond()
        if v:
            return v
        if time.monotonic() > end:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        time.sleep(step)


def set_setting(stack, name, value):
    sql_retry(stack, "INSERT INTO settings (name, value, updated_at) VALUES "
              f"('{name}', '{value}', UTC_TIMESTAMP()) "
              "ON DUPLICATE KEY UPDATE value = VALUES(value)")


def fast_settings(stack):
    for k, v in FAST.items():
        set_setting(stack, k, v)
    set_setting(stack, "allow_private_targets", "1")


def outbox_worker_pids(stack):
    """Pids of the outbox workers our supervisor forked (they name themselves tandem-outbox)."""
    sup = int((stack.var / "run/tandem.pid").read_text().split()[0])
    out = []
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat") as f:
                rest = f.read().rsplit(")", 1)[1].split()
            with open(f"/proc/{d}/comm") as f:
                comm = f.read().strip()
        except OSError:
            continue
        if int(rest[1]) == sup and rest[0] not in ("Z", "X") and comm == "tandem-outbox":
            out.append(int(d))
    return out


# ------------------------------------------------------------ Standard Webhooks


class VerifyError(Exception):
    pass


def verify_standard_webhook(secret, headers, body, now=None, tolerance=300):
    """The receiver's side of https://www.standardwebhooks.com/ written from
    the spec: id, timestamp (within tolerance), and one of the space-separated
    v1 signatures equal to base64(HMAC-SHA256(base64decode(secret without
    'whsec_'), id.timestamp.body)). Returns the parsed JSON body."""
    h = {k.lower(): v for k, v in headers.items()}
    msg_id, ts, sigs = h.get("webhook-id"), h.get("webhook-timestamp"), h.get("webhook-signature")
    if not msg_id or not ts or not sigs:
        raise VerifyError("missing headers")
    try:
        ts_i = int(ts)
    except ValueError:
        raise VerifyError("bad timestamp")
    now = int(time.time()) if now is None else now
    if abs(now - ts_i) > tolerance:
        raise VerifyError("timestamp outside tolerance")
    if not secret.startswith("whsec_"):
        raise VerifyError("secret format")
    key = base64.b64decode(secret[len("whsec_"):])
    signed = msg_id.encode() + b"." + ts.encode() + b"." + body
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    for part in sigs.split(" "):
        version, _, sig = part.partition(",")
        if version == "v1" and hmac.compare_digest(sig, expected):
            return json.loads(body)
    raise VerifyError("no matching signature")


# ------------------------------------------------------------ receiver


class Receiver:
    """A webhook receiver on 127.0.0.1: records every request; answers with
    self.status (200), after self.delay seconds, with extra self.headers."""

    def __init__(self):
        self.lock = threading.Lock()
        self.requests = []          # dicts: path, headers, body, at
        self.status = 200
        self.delay = 0.0
        self.headers = {}
        self.body = b"ok"
        recv = self

        class H(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *a):
                pass

            def do_POST(self):
                n = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(n)
                with recv.lock:
                    status, delay, extra, answer = recv.status, recv.delay, dict(recv.headers), recv.body
                    recv.requests.append({"path": self.path, "headers": dict(self.headers.items()),
                                          "body": body, "at": time.time(), "status": status})
                if delay:
                    time.sleep(delay)
                self.send_response(status)
                for k, v in extra.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            do_GET = do_POST

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), H)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()

    def ok(self):
        """Requests answered 2xx."""
        with self.lock:
            return [r for r in self.requests if 200 <= r["status"] < 300]

    def events(self, ok_only=True):
        return [json.loads(r["body"]) for r in (self.ok() if ok_only else list(self.requests))]

    def clear(self):
        with self.lock:
            self.requests.clear()


def new_client(c, name=None, **fields):
    """POST /clients; returns the new client's id."""
    d = {"name": name or f"Events client {time.time_ns()}", "cadence": "weekly"}
    d.update(fields)
    r = c.post("/clients", d)
    assert r.status == 303, r
    return int(r.header("location").rsplit("/", 1)[1])


def new_project(c, client_id, **fields):
    """POST /projects (pm 2, dates, budget); returns the new project's id."""
    d = {"client_id": str(client_id), "name": f"Events project {time.time_ns()}", "pm_id": "2",
         "start_date": "2026-03-01", "due_date": "2026-06-30", "budget_hours": "10",
         "budget_amount": "1000.00", "currency": "EUR"}
    d.update(fields)
    r = c.post("/projects", d)
    assert r.status == 303, r
    return int(r.header("location").rsplit("/", 1)[1])


def create_endpoint(admin, url, events=(), name=None, secret=None):
    """POST /settings/webhooks; returns (endpoint id, secret shown once)."""
    data = [("name", name or f"ep-{time.time_ns()}"), ("url", url)]
    data += [("events", e) for e in events]
    if secret:
        data.append(("secret", secret))
    r = admin.post("/settings/webhooks", data)
    assert r.status == 303, r
    eid = int(r.header("location").rsplit("/", 1)[1])
    page = admin.get_xml(f"/settings/webhooks/{eid}")
    assert page.status == 200, page
    shown = page.xml().xpath("string(/page/endpoint/secret)")
    return eid, shown or secret


def disable_endpoint(stack, eid):
    sql_retry(stack, f"UPDATE webhook_endpoints SET enabled = 0 WHERE id = {int(eid)}")


def sql_retry(stack, query, tries=5):
    """stack.sql, tried again when the outbox worker holds a lock for a moment."""
    import subprocess
    for i in range(tries):
        try:
            return stack.sql(query)
        except subprocess.CalledProcessError:
            if i == tries - 1:
                raise
            time.sleep(0.2)


# ------------------------------------------------------------ fake HubSpot

def start_fake_hubspot():
    """The fake HubSpot (tests/fakes/fake_hubspot.py) on 127.0.0.1 in this process."""
    import sys
    from pathlib import Path
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "fakes"))
    import fake_hubspot
    return fake_hubspot.start()


def fake_call(base, method, path, body=None):
    """The fake's control API: (status, json)."""
    import urllib.error
    import urllib.request
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(base + path, method=method, data=data,
                                 headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, json.load(r)
    except urllib.error.HTTPError as e:
        return e.code, json.load(e)


STAGE_MAP = {"stage_initiation": "appointmentscheduled", "stage_planning": "qualifiedtobuy",
             "stage_execution": "contractsent", "stage_closure": "closedwon",
             "stage_closed_won": "closedwon", "stage_closed_lost": "closedlost"}


def hubspot_module(stack, admin, client_secret="test-client-secret", limit=100, window_ms=1000):
    """Module set-up of the HubSpot tests: fast settings, the fake, generic
    endpoints off, the connection saved through the page. A generator: the
    fixture yields what it yields and the rest undoes it all."""
    fast_settings(stack)
    server, fake, url = start_fake_hubspot()
    sql_retry(stack, "UPDATE webhook_endpoints SET enabled = 0 WHERE kind = 'generic'")
    connect_hubspot(admin, url, client_secret=client_secret)
    set_setting(stack, "hubspot_rate_limit", str(limit))
    set_setting(stack, "hubspot_rate_window_ms", str(window_ms))
    fake_call(url, "POST", "/_fake/config", {"limit": limit, "window_ms": window_ms})
    yield {"url": url, "fake": fake, "adm": admin}
    sql_retry(stack, "UPDATE webhook_endpoints SET enabled = 0 WHERE kind = 'hubspot'")
    sql_retry(stack, "DELETE FROM settings WHERE name = 'hubspot_token'")
    server.shutdown()
    server.server_close()


def connect_hubspot(admin, base_url, token="pat-test-token", client_secret="test-client-secret"):
    d = {"token": token, "client_secret": client_secret, "base_url": base_url, "pipeline": "default"}
    d.update(STAGE_MAP)
    r = admin.post("/settings/hubspot", d)
    assert r.status == 303, r

#!/usr/bin/env python3
"""A fake HubSpot API on loopback for Tandem's tests (standard library only).

It implements the CRM v3/v4 endpoints the connector calls closely enough to
catch shape errors, and rejects what HubSpot would reject:
  POST /crm/v3/objects/{companies,deals}/batch/upsert   inputs[].idProperty (a unique property), id, properties
  POST /crm/v3/objects/{companies,deals}/batch/update   inputs[].id (existing), properties
  PUT  /crm/v4/objects/deals/{id}/associations/default/companies/{id}
  POST /crm/v3/objects/notes                            properties.hs_timestamp, associations to a deal, type 214
  GET  /crm/v3/pipelines/deals
  GET  /crm/v3/objects/deals/{id}?associations=companies, GET /crm/v3/objects/companies/{id}
Unknown properties, a missing idProperty, a bad association type, an unknown
deal stage: 400 with HubSpot's error shape. Wrong token: 401.

Rolling rate limit (limit calls per window_ms; 429 TEN_SECONDLY_ROLLING when
over), programmable failures, slowness and a "daily limit used up" mode.

Control API on the same server (JSON):
  GET  /_fake/calls          every API call: method, path, status, body, at
  GET  /_fake/state          companies, deals, notes, associations
  GET  /_fake/stats          max calls seen in any rolling window, 429s sent
  POST /_fake/reset          forget everything (config back to defaults)
  POST /_fake/config         {"limit", "window_ms", "delay_ms", "daily_exhausted", "token"}
  POST /_fake/fail           {"status": 500|429, "count": N, "policy": "TEN_SECONDLY_ROLLING"|"DAILY"}
  POST /_fake/deal           {"dealname", "amount", "currency", "company": {"name", "domain"} or
                             "company_id"} -> {"deal_id", "company_id"}: a won deal of a company

Run alone: python3 tests/fakes/fake_hubspot.py [--port N]
"""
import argparse
import json
import re
import threading
import time
import urllib.parse
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PROPS = {
    "companies": {"name", "domain", "tandem_client_id", "industry", "phone"},
    "deals": {"dealname", "amount", "closedate", "dealstage", "pipeline", "tandem_project_id",
              "deal_currency_code", "hubspot_owner_id"},
    "notes": {"hs_timestamp", "hs_note_body", "hubspot_owner_id"},
}
UNIQUE = {"companies": {"tandem_client_id"}, "deals": {"tandem_project_id"}}
STAGES = ["appointmentscheduled", "qualifiedtobuy", "presentationscheduled",
          "decisionmakerboughtin", "contractsent", "closedwon", "closedlost"]
TOKEN = "pat-test-token"


def error(status, message, category="VALIDATION_ERROR", **extra):
    body = {"status": "error", "message": message, "category": category,
            "correlationId": "00000000-0000-0000-0000-000000000000"}
    body.update(extra)
    return status, body


class Fake:
    def __init__(self):
        self.lock = threading.Lock()
        self.reset()

    def reset(self):
        # ids differ between instances, as two portals' would
        self.next_id = int(time.time() * 1000) % 10**9 * 1000
        self.objects = {"companies": {}, "deals": {}, "notes": {}}
        self.associations = []
        self.calls = []
        self.window = deque()
        self.max_in_window = 0
        self.sent_429 = 0
        self.failures = []
        self.config = {"limit": 100, "window_ms": 10000, "delay_ms": 0,
                       "daily_exhausted": False, "token": TOKEN}

    def new_id(self):
        self.next_id += 1
        return str(self.next_id)

    # ---------------------------------------------------------------- API

    def api(self, method, path, query, headers, body):
        """One API call, under the lock: (status, json body)."""
        if headers.get("authorization") != "Bearer " + self.config["token"]:
            return error(401, "Authentication credentials not found.", "INVALID_AUTHENTICATION")
        if self.config["daily_exhausted"]:
            self.sent_429 += 1
            return error(429, "You have reached your daily limit.", "RATE_LIMITS",
                         errorType="RATE_LIMIT", policyName="DAILY")
        now = time.monotonic()
        win = self.config["window_ms"] / 1000.0
        while self.window and self.window[0] <= now - win:
            self.window.popleft()
        if len(self.window) >= self.config["limit"]:
            self.sent_429 += 1
            return error(429, "You have reached your ten_secondly_rolling limit.", "RATE_LIMITS",
                         errorType="RATE_LIMIT", policyName="TEN_SECONDLY_ROLLING")
        self.window.append(now)
        self.max_in_window = max(self.max_in_window, len(self.window))
        if self.failures:
            f = self.failures[0]
            f["count"] -= 1
            if f["count"] <= 0:
                self.failures.pop(0)
            if f["status"] == 429:
                self.sent_429 += 1
                return error(429, "You have reached your limit.", "RATE_LIMITS",
                             errorType="RATE_LIMIT", policyName=f.get("policy", "TEN_SECONDLY_ROLLING"))
            return error(f["status"], "Internal error", "INTERNAL_ERROR")
        return self.route(method, path, query, body)

    def route(self, method, path, query, body):
        m = re.fullmatch(r"/crm/v3/objects/(companies|deals)/batch/(upsert|update)", path)
        if m and method == "POST":
            return self.batch(m.group(1), m.group(2), body)
        m = re.fullmatch(r"/crm/v4/objects/(deals?|0-3)/(\d+)/associations/default/(compan(?:y|ies)|0-2)/(\d+)", path)
        if m and method == "PUT":
            d, c = m.group(2), m.group(4)
            if d not in self.objects["deals"] or c not in self.objects["companies"]:
                return error(404, "Object not found", "OBJECT_NOT_FOUND")
            a = ("deals", d, "companies", c, 341)
            if a not in self.associations:
                self.associations.append(a)
            return 200, {"status": "COMPLETE", "results": [{"from": {"id": d}, "to": {"id": c},
                         "associationSpec": {"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 341}}]}
        if path == "/crm/v3/objects/notes" and method == "POST":
            return self.note(body)
        if path == "/crm/v3/pipelines/deals" and method == "GET":
            return 200, {"results": [{"id": "default", "label": "Sales Pipeline", "displayOrder": 0,
                                      "stages": [{"id": s, "label": s, "displayOrder": i}
                                                 for i, s in enumerate(STAGES)]}]}
        m = re.fullmatch(r"/crm/v3/objects/(companies|deals)/(\d+)", path)
        if m and method == "GET":
            kind, oid = m.groups()
            o = self.objects[kind].get(oid)
            if not o:
                return error(404, "Object not found", "OBJECT_NOT_FOUND")
            out = {"id": oid, "properties": dict(o), "archived": False}
            if kind == "deals" and "companies" in query.get("associations", [""])[0]:
                out["associations"] = {"companies": {"results": [
                    {"id": a[3], "type": "deal_to_company"} for a in self.associations
                    if a[0] == "deals" and a[1] == oid]}}
            return 200, out
        return error(404, f"no route {method} {path}", "OBJECT_NOT_FOUND")

    def check_props(self, kind, props):
        if not isinstance(props, dict):
            return error(400, "properties must be an object")
        for k, v in props.items():
            if k not in PROPS[kind]:
                return error(400, f'Property values were not valid: [{{"name":"{k}",'
                             '"error":"PROPERTY_DOESNT_EXIST"}]')
            if not isinstance(v, str):
                return error(400, f"Property {k} must be a string")
        if kind == "deals" and "dealstage" in props and props["dealstage"] not in STAGES:
            return error(400, f'Property values were not valid: [{{"name":"dealstage",'
                         f'"error":"INVALID_OPTION","localizedErrorMessage":"{props["dealstage"]} '
                         'was not one of the allowed options"}]')
        return None

    def batch(self, kind, op, body):
        inputs = body.get("inputs") if isinstance(body, dict) else None
        if not isinstance(inputs, list) or not inputs or len(inputs) > 100:
            return error(400, "inputs must be a list of 1 to 100 objects")
        results = []
        for inp in inputs:
            bad = self.check_props(kind, inp.get("properties"))
            if bad:
                return bad
            if op == "upsert":
                prop = inp.get("idProperty")
                if not prop:
                    return error(400, "idProperty is required for upsert")
                if prop not in UNIQUE[kind]:
                    return error(400, f"{prop} is not a unique property")
                if not isinstance(inp.get("id"), str) or not inp["id"]:
                    return error(400, "id is required")
                if inp["properties"].get(prop, inp["id"]) != inp["id"]:
                    return error(400, f"{prop} in properties differs from id")
                found = [k for k, o in self.objects[kind].items() if o.get(prop) == inp["id"]]
                oid = found[0] if found else self.new_id()
                obj = self.objects[kind].setdefault(oid, {})
                obj[prop] = inp["id"]
                new = not found
            else:
                oid = inp.get("id")
                if oid not in self.objects[kind]:
                    return error(400, f"Object {oid} not found", "OBJECT_NOT_FOUND")
                obj = self.objects[kind][oid]
                new = False
            obj.update(inp["properties"])
            results.append({"id": oid, "properties": dict(obj), "new": new, "archived": False,
                            "createdAt": "2026-01-01T00:00:00Z", "updatedAt": "2026-01-01T00:00:00Z"})
        return 200, {"status": "COMPLETE", "results": results}

    def note(self, body):
        if not isinstance(body, dict):
            return error(400, "body must be an object")
        props = body.get("properties")
        bad = self.check_props("notes", props)
        if bad:
            return bad
        if not props.get("hs_timestamp"):
            return error(400, "hs_timestamp is required")
        assocs = body.get("associations", [])
        for a in assocs:
            to = (a.get("to") or {}).get("id")
            types = a.get("types") or []
            if to not in self.objects["deals"]:
                return error(400, f"association target {to} is not a deal")
            if types != [{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 214}]:
                return error(400, "invalid association type for note to deal")
        nid = self.new_id()
        self.objects["notes"][nid] = dict(props)
        for a in assocs:
            self.associations.append(("notes", nid, "deals", a["to"]["id"], 214))
        return 201, {"id": nid, "properties": dict(props)}

    # ---------------------------------------------------------------- control

    def control(self, method, path, body):
        if path == "/_fake/calls":
            return 200, self.calls
        if path == "/_fake/state":
            return 200, {"companies": self.objects["companies"], "deals": self.objects["deals"],
                         "notes": self.objects["notes"],
                         "associations": [list(a) for a in self.associations]}
        if path == "/_fake/stats":
            return 200, {"max_in_window": self.max_in_window, "sent_429": self.sent_429,
                         "calls": len(self.calls)}
        if path == "/_fake/reset" and method == "POST":
            self.reset()
            return 200, {}
        if path == "/_fake/config" and method == "POST":
            self.config.update(body)
            return 200, self.config
        if path == "/_fake/fail" and method == "POST":
            self.failures.append(dict(body))
            return 200, {}
        if path == "/_fake/deal" and method == "POST":
            cid = body.get("company_id")
            if cid not in self.objects["companies"]:
                cid = self.new_id()
                self.objects["companies"][cid] = dict(body.get("company") or {"name": "Company " + cid})
            did = self.new_id()
            self.objects["deals"][did] = {"dealname": body.get("dealname", "Deal " + did),
                                          "amount": body.get("amount", "0"),
                                          "dealstage": "closedwon", "pipeline": "default"}
            if body.get("currency"):
                self.objects["deals"][did]["deal_currency_code"] = body["currency"]
            self.associations.append(("deals", did, "companies", cid, 341))
            return 200, {"deal_id": did, "company_id": cid}
        return 404, {"message": "no such control"}


def make_handler(fake):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *a):
            pass

        def handle_one(self, method):
            u = urllib.parse.urlsplit(self.path)
            n = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(n) if n else b""
            try:
                body = json.loads(raw) if raw else None
            except ValueError:
                body = None
                if not u.path.startswith("/_fake/"):
                    self.answer(*error(400, "Invalid input JSON"))
                    return
            if u.path.startswith("/_fake/"):
                with fake.lock:
                    status, out = fake.control(method, u.path, body or {})
                self.answer(status, out)
                return
            delay = fake.config["delay_ms"]
            if delay:
                time.sleep(delay / 1000.0)
            headers = {k.lower(): v for k, v in self.headers.items()}
            with fake.lock:
                status, out = fake.api(method, u.path, urllib.parse.parse_qs(u.query), headers, body)
                fake.calls.append({"method": method, "path": u.path, "query": u.query,
                                   "status": status, "body": body, "at": time.time()})
            self.answer(status, out)

        def answer(self, status, out):
            data = json.dumps(out).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json;charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):
            self.handle_one("GET")

        def do_POST(self):
            self.handle_one("POST")

        def do_PUT(self):
            self.handle_one("PUT")

    return Handler


def start(port=0):
    """Start the fake in a thread; returns (server, fake, base_url)."""
    fake = Fake()
    server = ThreadingHTTPServer(("127.0.0.1", port), make_handler(fake))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, fake, f"http://127.0.0.1:{server.server_address[1]}"


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--port", type=int, default=0)
    args = ap.parse_args()
    srv, _, url = start(args.port)
    print(url, flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        srv.shutdown()

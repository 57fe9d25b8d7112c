"""Test harness: starts a private MariaDB, nginx and the tandem worker (the
sanitizer build) on a free port with nginx/stack.sh, gives tests an HTTP
client, and stops everything afterwards. Nothing is mocked."""
import http.client
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

import pytest
from lxml import etree, html

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "fakes"))
from smtp_sink import SmtpSink  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "tandem-demo"
MAX_UPLOAD = 1024 * 1024  # max_upload of the test stack (bytes of one uploaded file)
IMAP_USER, IMAP_PASSWORD = "tandem", "tandem-imap"  # the stack's private Dovecot (issue 14)


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Stack:
    def __init__(self, var, port, env):
        self.var = Path(var)
        self.port = port
        self.env = env
        self.base = f"http://127.0.0.1:{port}"

    def sql(self, query):
        """Run SQL on the private database (for assertions only); rows as tuples of str."""
        out = subprocess.run(
            ["mariadb", "--socket", str(self.var / "run/mysql.sock"), "-u", "root",
             "--batch", "--skip-column-names", "tandem", "-e", query],
            check=True, capture_output=True, text=True, timeout=30).stdout
        return [tuple(line.split("\t")) for line in out.splitlines()]

    def scalar(self, query):
        rows = self.sql(query)
        return rows[0][0] if rows else None

    def contacts_who_sign_in(self, client_id):
        """E-mail addresses of a client's contacts who can sign in (active, with a
        password): the people client-visible news is mailed to. Other suites add
        contacts to the demo clients, so tests read the list instead of fixing it."""
        return sorted(r[0] for r in self.sql(
            f"SELECT email FROM users WHERE client_id = {int(client_id)} AND role = 'client'"
            " AND active = 1 AND password_hash IS NOT NULL"))

    def log(self):
        p = self.var / "log/tandem.log"
        return p.read_text(errors="replace") if p.exists() else ""


@pytest.fixture(scope="session")
def stack():
    var = tempfile.mkdtemp(prefix="tdm", dir="/tmp")
    port = free_port()
    imap_port = free_port()
    sink = SmtpSink().start()  # every e-mail the stack sends lands here (stack.mail)
    env = dict(os.environ, VAR=var, PORT=str(port), WORKERS="2", SEED="1",
               BIN=str(ROOT / os.environ.get("BIN", "build/san/tandem")),
               SMTP_URL=sink.url, MAIL_FROM="projects@agency.test", MAX_UPLOAD=str(MAX_UPLOAD),
               TEST_CLOCK="1",  # the settings row clock_now is the digests' time (issue 12)
               # a private Dovecot the mailbox settings point at, polled every second (issue 14)
               IMAP="1", IMAP_PORT=str(imap_port), IMAP_USER=IMAP_USER, IMAP_PASSWORD=IMAP_PASSWORD,
               IMAP_INTERVAL="1")
    for k in list(env):
        if k.startswith("TANDEM_"):
            del env[k]
    try:
        subprocess.run([str(ROOT / "nginx/stack.sh"), "start"], env=env, check=True,
                       timeout=240, stdout=subprocess.DEVNULL)
        s = Stack(var, port, env)
        s.mail = sink
        s.imap_port = imap_port
        yield s
    finally:
        subprocess.run([str(ROOT / "nginx/stack.sh"), "stop"], env=env, timeout=120,
                       stdout=subprocess.DEVNULL)
        sink.stop()
    log = Stack(var, port, env).log()
    bad = re.findall(r"(ERROR: AddressSanitizer.*|runtime error:.*|ERROR: LeakSanitizer.*)", log)
    shutil.rmtree(var, ignore_errors=True)
    assert not bad, "sanitizer reports in the worker log:\n" + "\n".join(bad[:10])


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers      # list of (name, value), names lower-case
        self.body = body            # bytes

    def header(self, name):
        for k, v in self.headers:
            if k == name.lower():
                return v
        return None

    def headers_all(self, name):
        return [v for k, v in self.headers if k == name.lower()]

    @property
    def text(self):
        return self.body.decode("utf-8")

    def xml(self):
        """The page as XML (for ?format=xml responses)."""
        return etree.fromstring(self.body)

    def html(self):
        return html.fromstring(self.body)

    def __repr__(self):
        return f"<Response {self.status} {self.body[:200]!r}>"


class Client:
    """A browser-like client: keeps cookies, does not follow redirects."""

    def __init__(self, stack):
        self.stack = stack
        self.cookies = {}

    def request(self, method, path, body=None, headers=None, raw_body=None):
        h = {"Host": f"127.0.0.1:{self.stack.port}"}
        if self.cookies:
            h["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            raw_body = urllib.parse.urlencode(body, doseq=True).encode()
            h["Content-Type"] = "application/x-www-form-urlencoded"
        h.update(headers or {})
        conn = http.client.HTTPConnection("127.0.0.1", self.stack.port, timeout=30)
        try:
            conn.request(method, path, body=raw_body, headers=h)
            r = conn.getresponse()
            data = r.read()
            hdrs = [(k.lower(), v) for k, v in r.getheaders()]
        finally:
            conn.close()
        for k, v in hdrs:
            if k == "set-cookie":
                name, _, rest = v.partition("=")
                value = rest.split(";", 1)[0]
                if "Max-Age=0" in v:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = value
        return Response(r.status, hdrs, data)

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def get_xml(self, path):
        sep = "&" if "?" in path else "?"
        return self.request("GET", path + sep + "format=xml")

    def csrf(self):
        r = self.get_xml("/portal" if self.role == "client" else "/")
        assert r.status == 200, r
        return r.xml().xpath("string(/page/session/@csrf)")

    def post(self, path, data=None, csrf=True, **kw):
        data = dict(data or {}) if not isinstance(data, list) else list(data)
        if csrf:
            token = self.csrf()
            if isinstance(data, list):
                data.append(("csrf", token))
            else:
                data["csrf"] = token
        return self.request("POST", path, body=data, **kw)

    def login(self, email, password=PASSWORD):
        r = self.request("POST", "/login", body={"email": email, "password": password})
        assert r.status == 303, r
        self.role = "client" if r.header("location") == "/portal" else "staff"
        return r


XML = {"Accept": "application/xml"}


def anon(stack):
    """A client with no session."""
    c = Client(stack)
    c.role = None
    return c


def login_as(stack, email, password=PASSWORD):
    """A client signed in as email."""
    c = anon(stack)
    c.login(email, password)
    return c


def form_state(resp, form):
    """(values, errors) of /page/form-state[@for=form] in an XML response."""
    doc = resp.xml()
    st = doc.xpath("/page/form-state[@for=$f]", f=form)
    assert len(st) == 1, resp.body[:3000]
    values = {v.get("name"): v.text or "" for v in st[0].xpath("value")}
    errors = {e.get("field"): e.text or "" for e in st[0].xpath("error")}
    return values, errors


def multipart(fields, files=()):
    """(body, content type) of a multipart/form-data POST: fields is a list of
    (name, value), files of (name, filename, content type, bytes)."""
    b = "tdmBoundary7MA4YWxkTrZu0gW"
    out = []
    for k, v in fields:
        out.append(f'--{b}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n'.encode()
                   + str(v).encode() + b"\r\n")
    for k, fn, ct, data in files:
        out.append(f'--{b}\r\nContent-Disposition: form-data; name="{k}"; filename="{fn}"\r\n'
                   f"Content-Type: {ct}\r\n\r\n".encode() + data + b"\r\n")
    out.append(f"--{b}--\r\n".encode())
    return b"".join(out), f"multipart/form-data; boundary={b}"


def post_multipart(c, path, fields, files=(), csrf=True):
    """POST a multipart form as client c (with its CSRF token unless csrf=False)."""
    fields = list(fields)
    if csrf:
        fields.append(("csrf", c.csrf()))
    body, ct = multipart(fields, files)
    return c.request("POST", path, raw_body=body, headers={"Content-Type": ct})


def max_id(stack, table):
    return int(stack.scalar(f"SELECT COALESCE(MAX(id), 0) FROM {table}"))


@pytest.fixture
def client(stack):
    """An anonymous client."""
    return anon(stack)


# Signed-in clients: a fresh session per test ...
@pytest.fixture
def admin(stack):
    return login_as(stack, "admin@demo.test")


@pytest.fixture
def pm(stack):
    return login_as(stack, "pm@demo.test")


@pytest.fixture
def member(stack):
    return login_as(stack, "member@demo.test")


@pytest.fixture
def acme(stack):
    return login_as(stack, "client@acme.test")


@pytest.fixture
def acme_viewer(stack):
    return login_as(stack, "viewer@acme.test")


@pytest.fixture
def globex(stack):
    return login_as(stack, "client@globex.test")


# ... or one session shared by a test module (sign-in costs an Argon2id hash).
@pytest.fixture(scope="module")
def adminc(stack):
    return login_as(stack, "admin@demo.test")


@pytest.fixture(scope="module")
def pmc(stack):
    return login_as(stack, "pm@demo.test")


@pytest.fixture(scope="module")
def memberc(stack):
    return login_as(stack, "member@demo.test")


@pytest.fixture(scope="module")
def acmec(stack):
    return login_as(stack, "client@acme.test")


@pytest.fixture(scope="module")
def viewerc(stack):
    return login_as(stack, "viewer@acme.test")


@pytest.fixture(scope="module")
def globexc(stack):
    return login_as(stack, "client@globex.test")


def unique(prefix="t"):
    """A name no other test uses."""
    return f"{prefix}-{time.time_ns()}"


def new_staff(stack, adminc, role="member", password=PASSWORD):
    """A fresh staff account made by an admin (tests that submit weeks, throttle
    sign-ins or reset passwords never touch the demo users): (id, e-mail)."""
    email = f"{unique('staff')}@demo.test"
    r = adminc.post("/settings/users", {"name": unique("Staff Person"), "email": email,
                                        "role": role, "hourly_rate": "60.00",
                                        "password": password})
    assert r.status == 303, r
    return int(stack.scalar(f"SELECT id FROM users WHERE email = '{email}'")), email


def new_staff_signed_in(stack, adminc):
    """A fresh team member and a client signed in as them: (id, client)."""
    uid, email = new_staff(stack, adminc)
    return uid, login_as(stack, email)

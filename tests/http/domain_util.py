"""Helpers of the domain-driver tests (test_issue11_domain*.py): run a tests/domain/d_<module>
program against the stack's database and read what it printed; make the test's own rows."""
import json
import os
import subprocess
from pathlib import Path

from conftest import ROOT, unique

DRIVERS = ROOT / os.environ.get("DOMAIN_DRIVERS", "build/san/tests/domain")


def run(stack, module, *args, actor=None, expect_exit=0):
    """Run d_<module> SCENARIO ARGS...; {key: value} of what it printed (rc as an int)."""
    cmd = [str(DRIVERS / f"d_{module}")]
    if actor is not None:
        cmd += ["--actor", str(actor)]
    cmd += [str(a) for a in args]
    env = dict(os.environ, TANDEM_CONF=str(Path(stack.var) / "tandem.conf"))
    p = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=60)
    assert p.returncode == expect_exit, (cmd, p.returncode, p.stdout, p.stderr)
    assert "ERROR: AddressSanitizer" not in p.stderr and "runtime error" not in p.stderr, p.stderr
    out = {}
    for line in p.stdout.splitlines():
        k, _, v = line.partition("=")
        out[k] = v
    if expect_exit == 0:
        assert "rc" in out, p.stdout
        out["rc"] = int(out["rc"])
    return out


def count(stack, sql):
    return int(stack.scalar(sql))


def new_client(stack, with_contact=False):
    """A client of the test's own (and one active contact who signs in, when asked)."""
    name = unique("Domain client ")
    stack.sql(f"INSERT INTO clients (name, created_at, updated_at) VALUES ('{name}', NOW(), NOW())")
    cid = int(stack.scalar(f"SELECT id FROM clients WHERE name = '{name}'"))
    if with_contact:
        email = unique("contact") + "@domain.test"
        stack.sql("INSERT INTO users (email, name, role, client_id, access, password_hash, created_at,"
                  f" updated_at) VALUES ('{email}', 'Dora Contact', 'client', {cid}, 'approve',"
                  " 'x', NOW(), NOW())")
    return cid


def staff_id(stack, email="pm@demo.test"):
    return int(stack.scalar(f"SELECT id FROM users WHERE email = '{email}'"))


def last_event(stack, type_, project_id):
    row = stack.sql(f"SELECT payload FROM outbox WHERE type = '{type_}' AND project_id = {project_id}"
                    " ORDER BY id DESC LIMIT 1")
    return json.loads(row[0][0]) if row else None

"""The tandem subcommands against the running stack's database: check, migrate, user add."""
import os
import subprocess

from conftest import ROOT, login_as, unique


def tandem(stack, *args, env=None, stdin=""):
    e = dict(stack.env)
    e.update(env or {})
    return subprocess.run([stack.env["BIN"], "-c", str(stack.var / "tandem.conf"), *args],
                          input=stdin, capture_output=True, text=True, timeout=60, env=e)


def test_check_passes_on_a_migrated_database(stack):
    r = tandem(stack, "check")
    assert r.returncode == 0, r.stderr
    assert "database: ok" in r.stdout
    assert "stylesheets: ok" in r.stdout


def test_check_fails_on_a_missing_stylesheet_dir(stack):
    r = tandem(stack, "check", env={"TANDEM_XSLT_DIR": "/nonexistent"})
    assert r.returncode == 1
    assert "stylesheets: failed" in r.stdout


def test_check_fails_when_the_database_is_unreachable(stack):
    r = tandem(stack, "check", env={"TANDEM_DB_SOCKET": "/nonexistent/mysql.sock"})
    assert r.returncode == 1
    assert "cannot connect" in r.stderr


def test_migrate_twice_applies_nothing_the_second_time(stack):
    before = stack.scalar("SELECT COUNT(*) FROM schema_migrations")
    r = tandem(stack, "migrate")
    assert r.returncode == 0, r.stderr
    assert "applied" not in r.stdout
    assert stack.scalar("SELECT COUNT(*) FROM schema_migrations") == before


def test_seed_demo_on_a_database_with_users_loads_nothing(stack):
    before = stack.scalar("SELECT COUNT(*) FROM projects")
    r = tandem(stack, "seed-demo")
    assert r.returncode == 0
    assert "nothing loaded" in r.stdout
    assert stack.scalar("SELECT COUNT(*) FROM projects") == before


def test_user_add_creates_a_user_who_can_sign_in(stack):
    email = unique("cli") + "@team.test"
    r = tandem(stack, "user", "add", "--email", email, "--name", "Cli User", "--role", "pm",
               env={"TANDEM_PASSWORD": "a long enough password"})
    assert r.returncode == 0, r.stderr
    assert stack.scalar(f"SELECT role FROM users WHERE email = '{email}'") == "pm"
    c = login_as(stack, email, "a long enough password")
    assert c.get("/").status == 200


def test_user_add_reads_the_password_from_stdin(stack):
    email = unique("cli") + "@team.test"
    env = {k: v for k, v in stack.env.items() if k != "TANDEM_PASSWORD"}
    r = subprocess.run([stack.env["BIN"], "-c", str(stack.var / "tandem.conf"), "user", "add",
                        "--email", email, "--name", "Stdin User", "--role", "member"],
                       input="from standard input\n", capture_output=True, text=True,
                       timeout=60, env=env)
    assert r.returncode == 0, r.stderr
    login_as(stack, email, "from standard input")


def test_user_add_refuses_a_short_password(stack):
    email = unique("cli") + "@team.test"
    r = tandem(stack, "user", "add", "--email", email, "--name", "X", "--role", "member",
               env={"TANDEM_PASSWORD": "short"})
    assert r.returncode == 2
    assert stack.scalar(f"SELECT COUNT(*) FROM users WHERE email = '{email}'") == "0"


def test_user_add_refuses_the_client_role(stack):
    email = unique("cli") + "@team.test"
    r = tandem(stack, "user", "add", "--email", email, "--name", "X", "--role", "client",
               env={"TANDEM_PASSWORD": "a long enough password"})
    assert r.returncode == 2
    assert stack.scalar(f"SELECT COUNT(*) FROM users WHERE email = '{email}'") == "0"


def test_user_add_refuses_a_taken_email(stack):
    r = tandem(stack, "user", "add", "--email", "pm@demo.test", "--name", "Dup", "--role", "pm",
               env={"TANDEM_PASSWORD": "a long enough password"})
    assert r.returncode == 1
    assert "taken" in r.stderr


def test_unknown_command_prints_usage(stack):
    r = tandem(stack, "frobnicate")
    assert r.returncode == 2
    assert "usage:" in r.stderr


def test_bad_config_file_is_refused_with_its_line(stack, tmp_path):
    conf = tmp_path / "bad.conf"
    conf.write_text("workers = many\n")
    r = subprocess.run([stack.env["BIN"], "-c", str(conf), "check"], capture_output=True,
                       text=True, timeout=30)
    assert r.returncode == 1
    assert "bad.conf:1" in r.stderr


def test_user_add_refuses_a_malformed_email(stack):
    r = tandem(stack, "user", "add", "--email", "not-an-address", "--name", "X", "--role", "pm",
               env={"TANDEM_PASSWORD": "a long enough password"})
    assert r.returncode == 2
    assert stack.scalar("SELECT COUNT(*) FROM users WHERE email = 'not-an-address'") == "0"

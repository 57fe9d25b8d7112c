#!/usr/bin/env python3
"""A small SMTP sink for the tests (standard library only): EHLO/HELO, MAIL,
RCPT, DATA, RSET, NOOP, QUIT. It keeps every message it receives, in memory
and (with a directory) as NNNN.eml files, so HTTP tests read them in-process
and the browser test reads the directory.

    python3 tests/fakes/smtp_sink.py --port 2525 --dir /tmp/mail   # stand-alone

In a test: sink = SmtpSink(); sink.start(); ... sink.messages (list of dicts
with mail_from, rcpt, data (bytes), message (email.message.Message));
sink.wait_for(lambda m: ...) ; sink.stop().
"""
import argparse
import email
import email.policy
import os
import socketserver
import threading
import time


class _Handler(socketserver.StreamRequestHandler):
    def reply(self, line):
        self.wfile.write((line + "\r\n").encode())
        self.wfile.flush()

    def handle(self):
        sink = self.server.sink
        self.reply("220 sink.test ESMTP ready")
        mail_from, rcpt = None, []
        while True:
            raw = self.rfile.readline(4096)
            if not raw:
                return
            line = raw.decode("utf-8", "replace").rstrip("\r\n")
            verb = line[:4].upper()
            if verb == "EHLO":
                self.wfile.write(b"250-sink.test\r\n250-8BITMIME\r\n250 SIZE 10485760\r\n")
                self.wfile.flush()
            elif verb == "HELO":
                self.reply("250 sink.test")
            elif verb == "MAIL":
                mail_from, rcpt = line[10:].strip().strip("<>").split(">")[0], []
                self.reply("250 OK")
            elif verb == "RCPT":
                if mail_from is None:
                    self.reply("503 MAIL first")
                    continue
                addr = line[8:].strip().strip("<>").split(">")[0]
                with sink.lock:
                    refuse = sink.fail_rcpt.get(addr, 0) > 0
                    if refuse:
                        sink.fail_rcpt[addr] -= 1
                if refuse:
                    self.reply("451 mailbox busy, try again later")
                    continue
                rcpt.append(addr)
                self.reply("250 OK")
            elif verb == "DATA":
                if not rcpt:
                    self.reply("503 RCPT first")
                    continue
                self.reply("354 end with .")
                lines = []
                while True:
                    l = self.rfile.readline(1 << 20)
                    if not l or l in (b".\r\n", b".\n"):
                        break
                    if l.startswith(b".."):
                        l = l[1:]
                    lines.append(l)
                sink.store(mail_from, rcpt, b"".join(lines))
                mail_from, rcpt = None, []
                self.reply("250 OK queued")
            elif verb == "RSET":
                mail_from, rcpt = None, []
                self.reply("250 OK")
            elif verb == "NOOP":
                self.reply("250 OK")
            elif verb == "QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("502 not implemented")


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


class SmtpSink:
    def __init__(self, port=0, directory=None):
        self.server = _Server(("127.0.0.1", port), _Handler)
        self.server.sink = self
        self.port = self.server.server_address[1]
        self.url = f"smtp://127.0.0.1:{self.port}"
        self.dir = directory
        self.messages = []
        self.fail_rcpt = {}         # address -> answer its RCPT with 451 this many times
        self.lock = threading.Lock()

    def store(self, mail_from, rcpt, data):
        msg = email.message_from_bytes(data, policy=email.policy.default)
        with self.lock:
            self.messages.append({"mail_from": mail_from, "rcpt": rcpt, "data": data,
                                  "message": msg})
            n = len(self.messages)
        if self.dir:
            tmp = os.path.join(self.dir, f".{n:04d}.tmp")
            with open(tmp, "wb") as f:
                f.write(data)
            os.rename(tmp, os.path.join(self.dir, f"{n:04d}.eml"))

    def start(self):
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def to(self, addr):
        with self.lock:
            return [m for m in self.messages if addr in m["rcpt"]]

    def wait_for(self, cond, timeout=20.0):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            with self.lock:
                hit = [m for m in self.messages if cond(m)]
            if hit:
                return hit[-1]
            time.sleep(0.05)
        raise AssertionError("no matching e-mail arrived in the SMTP sink")


def text_part(msg):
    """The text/plain part of a received message, decoded."""
    part = msg.get_body(preferencelist=("plain",))
    return part.get_content() if part else ""


def html_part(msg):
    part = msg.get_body(preferencelist=("html",))
    return part.get_content() if part else ""


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--dir", required=True)
    a = ap.parse_args()
    os.makedirs(a.dir, exist_ok=True)
    s = SmtpSink(a.port, a.dir)
    print(s.port, flush=True)
    s.server.serve_forever()

"""Local stand-ins for the outside world of the reminders, for tests only: a real SMTP server (aiosmtpd) and an
HTTP endpoint standing in for the 企业微信 / 钉钉 robots, both on 127.0.0.1 — never a network address outside
the machine. Each can be told to fail its next N deliveries."""

import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from aiosmtpd.controller import Controller


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class SmtpHandler:
    def __init__(self):
        self.messages = []
        self.fail_next = 0

    async def handle_DATA(self, server, session, envelope):
        if self.fail_next:
            self.fail_next -= 1
            return "451 4.3.0 Temporary failure, try again later"
        self.messages.append(
            {
                "to": list(envelope.rcpt_tos),
                "from": envelope.mail_from,
                "data": envelope.content.decode("utf-8", "replace"),
            }
        )
        return "250 OK"


class SmtpServer:
    def __init__(self):
        self.handler = SmtpHandler()
        self.port = free_port()
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port, server_hostname="localhost")

    @property
    def messages(self):
        return self.handler.messages

    def fail(self, n=1):
        self.handler.fail_next = n

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.controller.stop()


class Robot:
    """The webhook receiver: records each JSON body posted to it; answers errcode 0, or fails as told."""

    def __init__(self):
        self.received = []
        self.fail_next = 0
        self.fail_with = "http"  # "http": HTTP 500; "errcode": 200 with a robot error
        robot = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                if robot.fail_next:
                    robot.fail_next -= 1
                    if robot.fail_with == "http":
                        self.send_response(500)
                        self.end_headers()
                        return
                    answer = {"errcode": 45009, "errmsg": "api freq out of limit"}
                else:
                    robot.received.append({"path": self.path, "json": json.loads(body)})
                    answer = {"errcode": 0, "errmsg": "ok"}
                data = json.dumps(answer).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]

    def url(self, path="/cgi-bin/webhook/send?key=test-key-0123456789"):
        return f"http://127.0.0.1:{self.port}{path}"

    def __enter__(self):
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

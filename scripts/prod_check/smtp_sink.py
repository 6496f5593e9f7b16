"""A local SMTP server that accepts every message and appends it to a file, for `make prod-check`: production
refuses e-mail backends that do not send, so the check sends through Django's SMTP backend to this sink.
Usage: python smtp_sink.py PORT FILE. Standard library only (smtpd left Python in 3.12)."""

import contextlib
import socketserver
import sys
from pathlib import Path


class Session(socketserver.StreamRequestHandler):
    def reply(self, line: str) -> None:
        self.wfile.write(f"{line}\r\n".encode())

    def handle(self) -> None:
        with contextlib.suppress(ConnectionError):  # a probe that only checked the port is open
            self.converse()

    def converse(self) -> None:
        self.reply("220 prod-check sink")
        while line := self.rfile.readline():
            command = line.decode("ascii", "replace").strip().upper()
            if command.startswith("EHLO"):
                self.reply("250-prod-check")
                self.reply("250 8BITMIME")
            elif command.startswith("DATA"):
                self.reply("354 end with <CRLF>.<CRLF>")
                lines = []
                while (data := self.rfile.readline()) not in (b".\r\n", b".\n", b""):
                    lines.append(data[1:] if data.startswith(b"..") else data)
                with Path(self.server.mailbox).open("ab") as mailbox:
                    mailbox.write(b"".join(lines) + b"\n--- end of message ---\n")
                self.reply("250 queued")
            elif command.startswith("QUIT"):
                self.reply("221 bye")
                return
            else:  # HELO, MAIL, RCPT, RSET, NOOP
                self.reply("250 ok")


class Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


if __name__ == "__main__":
    port, mailbox = int(sys.argv[1]), sys.argv[2]
    with Server(("127.0.0.1", port), Session) as server:
        server.mailbox = mailbox
        server.serve_forever()

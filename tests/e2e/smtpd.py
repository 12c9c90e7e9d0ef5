#!/usr/bin/python3
"""smtpd.py -- a real SMTP server on loopback, for tests (Debian's python3-aiosmtpd).

Usage (run it with /usr/bin/python3, where python3-aiosmtpd lives):

  smtpd.py --port PORT --dir DIR [--auth USER:PASS] [--tls CERT KEY] [--require-tls]
  smtpd.py --parse FILE.eml

Serving: listens on 127.0.0.1:PORT (PORT 0: any free port) and keeps every
message it accepts as
  DIR/NNNN.eml   the data as received (dot stuffing undone, nothing else)
  DIR/NNNN.json  {"mail_from": "...", "rcpt_tos": ["..."], "auth": bool, "tls": bool}
numbered from 0001 on (after the highest number already in DIR); the .eml is
complete before the .json appears, and both are complete once the client has
the server's 250 for the data. Once listening it writes DIR/ready (one line:
the port) and prints one line to stdout. It runs until SIGTERM or SIGINT.

  RCPT TO:<reject@...>    refused with 550 (a final failure)
  RCPT TO:<tempfail@...>  refused with 451 (worth retrying)
  RCPT TO:<rejectdata@...> accepted, but the data is refused with 554 at its
                          end (a content filter), and not kept
  --auth USER:PASS        AUTH PLAIN and LOGIN accept only these credentials,
                          and mail is accepted only after AUTH (530 before)
  --tls CERT KEY          offer STARTTLS with this certificate (PEM files)
  --require-tls           (with --tls) refuse everything but EHLO, STARTTLS and
                          QUIT before STARTTLS, and AUTH too

Parsing: --parse FILE.eml prints the message as one JSON object, decoded by
Python's email package (policy.default):
  {"headers": [[name, raw value], ...],   in order, as folded, not decoded
   "subject", "from_name", "from_addr", "to_name", "to_addr",   (RFC 2047-decoded)
   "message_id", "date", "content_type",
   "parts": [{"content_type", "params": {...}, "cte", "body_hex"}, ...],
   "defects": ["..."]}
where the parts are the leaves (the message itself when it is not multipart)
and body_hex is the part's decoded bytes in hex.

The command line and the file formats above are used by several tests: keep
them stable.
"""

import argparse
import email
import email.header
import email.policy
import email.utils
import hmac
import json
import os
import re
import signal
import socket
import ssl
import sys
import warnings


def write_atomic(path, data):
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    os.rename(tmp, path)


class Store:
    """The handler: refuses the magic recipients, keeps every message."""

    def __init__(self, directory):
        self.dir = directory
        numbers = [int(m.group(1)) for m in
                   (re.fullmatch(r"(\d{4})\.eml", n) for n in os.listdir(directory)) if m]
        self.n = max(numbers, default=0)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        local = address.lower()
        if local.startswith("reject@"):
            return "550 5.1.1 <%s>: no such mailbox here (smtpd.py refuses reject@)" % address
        if local.startswith("tempfail@"):
            return "451 4.3.0 <%s>: try again later (smtpd.py defers tempfail@)" % address
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.extend(rcpt_options)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        if any(r.lower().startswith("rejectdata@") for r in envelope.rcpt_tos):
            return "554 5.6.0 message refused (smtpd.py refuses data for rejectdata@)"
        self.n += 1
        base = os.path.join(self.dir, "%04d" % self.n)
        write_atomic(base + ".eml", envelope.original_content)
        meta = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": list(envelope.rcpt_tos),
            "auth": bool(session.authenticated),
            "tls": session.ssl is not None,
        }
        write_atomic(base + ".json", (json.dumps(meta) + "\n").encode())
        return "250 2.0.0 OK stored as %04d" % self.n


def serve(args):
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult, LoginPassword

    class BoundController(Controller):
        """A Controller on a socket bound beforehand, so PORT 0 works."""

        def __init__(self, handler, sock, **kwargs):
            host, port = sock.getsockname()[:2]
            super().__init__(handler, hostname=host, port=port, **kwargs)
            self._sock = sock

        def _create_server(self):
            return self.loop.create_server(self._factory_invoker, sock=self._sock,
                                           ssl=self.ssl_context)

    os.makedirs(args.dir, exist_ok=True)
    kwargs = {"server_hostname": "smtpd.test", "ident": "hawser test smtpd"}
    if args.tls:
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ctx.load_cert_chain(args.tls[0], args.tls[1])
        kwargs["tls_context"] = ctx
        kwargs["require_starttls"] = args.require_tls
    if args.require_tls and not args.tls:
        sys.exit("smtpd.py: --require-tls needs --tls CERT KEY")
    # AUTH is offered in the clear only when TLS is not required.
    kwargs["auth_require_tls"] = bool(args.require_tls) or not args.auth
    if args.auth:
        user, sep, password = args.auth.partition(":")
        if not sep:
            sys.exit("smtpd.py: --auth wants USER:PASS")
        want = (user.encode(), password.encode())

        def authenticator(server, session, envelope, mechanism, auth_data):
            ok = (isinstance(auth_data, LoginPassword)
                  and hmac.compare_digest(auth_data.login, want[0])
                  and hmac.compare_digest(auth_data.password, want[1]))
            return AuthResult(success=ok, handled=False)

        kwargs["authenticator"] = authenticator
        kwargs["auth_required"] = True
        warnings.filterwarnings("ignore", message="Requiring AUTH while not requiring TLS")

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", args.port))
    sock.listen(64)
    port = sock.getsockname()[1]

    # The controller's thread inherits the mask: only this thread sees them.
    stop = {signal.SIGTERM, signal.SIGINT}
    signal.pthread_sigmask(signal.SIG_BLOCK, stop)
    controller = BoundController(Store(args.dir), sock, **kwargs)
    controller.start()
    write_atomic(os.path.join(args.dir, "ready"), b"%d\n" % port)
    print("smtpd.py listening on 127.0.0.1:%d, storing in %s" % (port, args.dir), flush=True)
    signal.sigwait(stop)
    controller.stop()


def parse(path):
    # From bytes, not from a file: a file would be read with its CRLFs made LF.
    with open(path, "rb") as f:
        msg = email.message_from_bytes(f.read(), policy=email.policy.default)

    def mailbox(name):
        # RFC 2047 6.2: the blank between two encoded words is no part of
        # the text, but policy.default (Python 3.11) keeps it in a display
        # name; the older API decodes names right.
        raw = next((v for k, v in msg.raw_items() if k.lower() == name.lower()), None)
        if raw is None:
            return None, None
        display, addr = email.utils.parseaddr(raw.replace("\r\n", "").replace("\n", ""))
        return str(email.header.make_header(email.header.decode_header(display))), addr

    out = {"headers": [[k, str(v)] for k, v in msg.raw_items()]}
    out["subject"] = str(msg["Subject"]) if msg["Subject"] is not None else None
    out["from_name"], out["from_addr"] = mailbox("From")
    out["to_name"], out["to_addr"] = mailbox("To")
    out["message_id"] = str(msg["Message-ID"]) if msg["Message-ID"] is not None else None
    out["date"] = msg["Date"].datetime.isoformat() if msg["Date"] is not None else None
    out["content_type"] = msg.get_content_type()
    parts = []
    defects = [repr(d) for d in msg.defects]
    for part in msg.walk():
        defects += [repr(d) for d in part.defects]
        if part.is_multipart():
            continue
        params = {k: v for k, v in part["Content-Type"].params.items()} \
            if part["Content-Type"] is not None else {}
        parts.append({
            "content_type": part.get_content_type(),
            "params": params,
            "cte": part.get("Content-Transfer-Encoding", ""),
            "body_hex": (part.get_payload(decode=True) or b"").hex(),
        })
    out["parts"] = parts
    out["defects"] = defects
    print(json.dumps(out))


def main():
    p = argparse.ArgumentParser(description="An SMTP server on loopback for tests.")
    p.add_argument("--port", type=int)
    p.add_argument("--dir")
    p.add_argument("--auth", metavar="USER:PASS")
    p.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"))
    p.add_argument("--require-tls", action="store_true")
    p.add_argument("--parse", metavar="FILE")
    args = p.parse_args()
    if args.parse:
        parse(args.parse)
    elif args.port is None or not args.dir:
        p.error("--port and --dir are required (or --parse FILE)")
    else:
        serve(args)


if __name__ == "__main__":
    main()

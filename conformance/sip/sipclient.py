"""A small SIP user agent client for the conformance harness (RFC 3261).

It sends one INVITE (with the fixture's SDP as body, or without a body for a
delayed offer), collects the final response, ACKs it and, for a 2xx, ends the
dialog with BYE. UDP is used for bodies that fit an ordinary datagram; a larger
request goes over TCP (RFC 3261 §18.1.1: a request within 200 bytes of the
path MTU, or over 1300 bytes when the MTU is unknown, must use a
congestion-controlled transport).

Bytes of the SDP are sent exactly as the fixture holds them, whatever they are:
the point is to see what a real stack does with them.
"""

import random
import re
import select
import socket
import time

UDP_LIMIT = 1300


def _token():
    return "%016x" % random.getrandbits(64)


class Message:
    """One parsed SIP message: a start line, headers (lower-cased names), body bytes."""

    def __init__(self, start, headers, body):
        self.start = start
        self.headers = headers
        self.body = body

    @property
    def is_response(self):
        return self.start.startswith("SIP/2.0 ")

    @property
    def code(self):
        return int(self.start.split(" ", 2)[1])

    @property
    def reason(self):
        parts = self.start.split(" ", 2)
        return parts[2] if len(parts) > 2 else ""

    @property
    def method(self):
        return self.start.split(" ", 1)[0]

    def header(self, name):
        values = self.headers.get(name.lower())
        return values[0] if values else None

    def cseq_method(self):
        cseq = self.header("cseq") or ""
        return cseq.split()[-1] if cseq.split() else ""


COMPACT = {"v": "via", "f": "from", "t": "to", "i": "call-id", "m": "contact",
           "l": "content-length", "c": "content-type"}


def parse(data):
    """Parse one SIP message from bytes; returns (Message, rest) or (None, data) if incomplete."""
    end = data.find(b"\r\n\r\n")
    if end < 0:
        return None, data
    head = data[:end].decode("utf-8", "replace").split("\r\n")
    headers = {}
    for line in head[1:]:
        if ":" not in line:
            continue
        name, value = line.split(":", 1)
        name = name.strip().lower()
        name = COMPACT.get(name, name)
        headers.setdefault(name, []).append(value.strip())
    length = int((headers.get("content-length") or ["0"])[0] or 0)
    body_start = end + 4
    if len(data) < body_start + length:
        return None, data
    return Message(head[0], headers, data[body_start:body_start + length]), data[body_start + length:]


class Transport:
    """A UDP or TCP connection from 127.0.0.1 to the stack."""

    def __init__(self, kind, host, port):
        self.kind = kind
        self.peer = (host, port)
        if kind == "UDP":
            self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            self.sock.bind(("127.0.0.1", 0))
        else:
            self.sock = socket.create_connection(self.peer, timeout=2)
        self.local = self.sock.getsockname()
        self.buf = b""

    def send(self, data):
        if self.kind == "UDP":
            self.sock.sendto(data, self.peer)
        else:
            self.sock.sendall(data)

    def recv(self, deadline):
        """Next message before `deadline` (time.monotonic), or None."""
        while True:
            if self.kind == "TCP":
                msg, rest = parse(self.buf)
                if msg is not None:
                    self.buf = rest
                    return msg
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            ready, _, _ = select.select([self.sock], [], [], left)
            if not ready:
                return None
            if self.kind == "UDP":
                data, _ = self.sock.recvfrom(70000)
                msg, _ = parse(data)
                if msg is not None:
                    return msg
            else:
                data = self.sock.recv(70000)
                if not data:
                    return None
                self.buf += data

    def close(self):
        self.sock.close()


class Call:
    """One INVITE transaction and, if accepted, its dialog."""

    def __init__(self, host, port, user="uas", body=None, transport=None):
        self.host, self.port, self.user = host, port, user
        self.body = body
        kind = transport or ("TCP" if body is not None and len(body) > UDP_LIMIT else "UDP")
        self.t = Transport(kind, host, port)
        self.call_id = _token() + "@127.0.0.1"
        self.from_tag = _token()[:10]
        self.to_tag = None
        self.cseq = 1
        self.invite_branch = None
        self.remote_target = f"sip:{user}@{host}:{port}"
        self.log = []

    def _via(self, branch):
        lhost, lport = self.t.local
        return f"SIP/2.0/{self.t.kind} {lhost}:{lport};rport;branch=z9hG4bK{branch}"

    def _request(self, method, uri, branch, cseq, body=None, ctype="application/sdp", to_tag=None):
        lhost, lport = self.t.local
        to = f"<sip:{self.user}@{self.host}:{self.port}>"
        if to_tag:
            to += f";tag={to_tag}"
        lines = [
            f"{method} {uri} SIP/2.0",
            f"Via: {self._via(branch)}",
            "Max-Forwards: 70",
            f"From: <sip:uac@{lhost}:{lport}>;tag={self.from_tag}",
            f"To: {to}",
            f"Call-ID: {self.call_id}",
            f"CSeq: {cseq} {method}",
            f"Contact: <sip:uac@{lhost}:{lport};transport={self.t.kind.lower()}>",
            "User-Agent: sdpcheck-conformance",
        ]
        if method == "INVITE":
            lines.append("Allow: INVITE, ACK, BYE, CANCEL, OPTIONS")
        if body is not None:
            lines.append(f"Content-Type: {ctype}")
        lines.append(f"Content-Length: {len(body) if body is not None else 0}")
        data = ("\r\n".join(lines) + "\r\n\r\n").encode() + (body or b"")
        self.t.send(data)
        self.log.append(("sent", method))

    def _reply(self, req, code, reason):
        """Answer a request the stack sent us (BYE, OPTIONS...) with `code`."""
        lines = [f"SIP/2.0 {code} {reason}"]
        for name in ("via", "from", "to", "call-id", "cseq"):
            for value in req.headers.get(name, []):
                lines.append(f"{name.title() if name != 'call-id' else 'Call-ID'}: {value}")
        lines.append("Content-Length: 0")
        self.t.send(("\r\n".join(lines) + "\r\n\r\n").encode())

    def invite(self, timeout):
        """Send the INVITE; return the final response (Message) or None on timeout."""
        self.invite_branch = _token()
        self._request("INVITE", self.remote_target, self.invite_branch, self.cseq, self.body)
        deadline = time.monotonic() + timeout
        while True:
            msg = self.t.recv(deadline)
            if msg is None:
                return None
            if not msg.is_response:
                self._handle_request(msg)
                continue
            if msg.cseq_method() != "INVITE" or msg.code < 200:
                continue
            return msg

    def _handle_request(self, msg):
        self.log.append(("received", msg.method))
        if msg.method == "ACK":
            return
        self._reply(msg, 200, "OK")

    def ack(self, final, body=None):
        """ACK a final response: in the INVITE transaction for non-2xx, a new one for 2xx."""
        to = final.header("to") or ""
        m = re.search(r";\s*tag=([^;>\s]+)", to)
        self.to_tag = m.group(1) if m else None
        if final.code >= 300:
            # RFC 3261 §17.1.1.3: same branch and Request-URI as the INVITE.
            self._request("ACK", self.remote_target, self.invite_branch, self.cseq, None,
                          to_tag=self.to_tag)
            return
        contact = final.header("contact") or ""
        m = re.search(r"<([^>]+)>", contact)
        if m:
            self.remote_target = m.group(1)
        elif contact:
            self.remote_target = contact.split(";")[0].strip()
        self._request("ACK", self.remote_target, _token(), self.cseq, body, to_tag=self.to_tag)

    def wait_for_bye(self, seconds):
        """Serve requests for `seconds`; return the BYE (Message) if the stack sent one."""
        deadline = time.monotonic() + seconds
        while True:
            msg = self.t.recv(deadline)
            if msg is None:
                return None
            if msg.is_response:
                continue
            self._handle_request(msg)
            if msg.method == "BYE":
                return msg

    def bye(self, timeout):
        """End the dialog; return the BYE's final response code or None."""
        self.cseq += 1
        self._request("BYE", self.remote_target, _token(), self.cseq, to_tag=self.to_tag)
        deadline = time.monotonic() + timeout
        while True:
            msg = self.t.recv(deadline)
            if msg is None:
                return None
            if not msg.is_response:
                self._handle_request(msg)
                continue
            if msg.cseq_method() == "BYE" and msg.code >= 200:
                return msg.code

    def close(self):
        self.t.close()

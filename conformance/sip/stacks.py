"""The SIP stacks the harness runs, each as a user agent on loopback.

Every stack runs one process per codec configuration, listening on its own
UDP and TCP port, auto-answering every INVITE with 200 OK (the stack itself
decides to send 4xx/5xx when it cannot: that is what is measured).
"""

import os
import re
import signal
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))

# The codec configurations, as each stack names its codecs. telephone-event
# (RFC 4733) is offered and answered by both stacks in every configuration:
# neither can turn it off, and trunks expect it for DTMF.
CONFIGS = {
    "pbx": {
        "doc": "a default PBX: opus (where the stack has it), G722, PCMU, PCMA, telephone-event",
        "require_codec": [],
    },
    "pcma-trunk": {
        "doc": "a G.711 A-law only trunk (Exotel-style): PCMA and telephone-event",
        "require_codec": ["pcma"],
    },
}


class Stack:
    """One user-agent process for one stack and one configuration."""

    name = None
    ready_marker = None
    recycle_after_mlines = None
    error_pattern = re.compile(r"error", re.I)

    def __init__(self, config, port, rtp_port, workdir):
        self.config = config
        self.port = port
        self.rtp_port = rtp_port
        self.workdir = workdir
        self.proc = None
        self.log_path = os.path.join(workdir, f"{self.name}-{config}.log")
        self.restarts = 0
        self.recycles = 0
        self.mlines_served = 0

    def before_case(self, mlines):
        """Restart a stack that leaks per call before it runs out (see Pjsip)."""
        limit = self.recycle_after_mlines
        if limit is not None and self.mlines_served + max(mlines, 1) > limit:
            self.stop()
            self.start()
            self.recycles += 1
            self.mlines_served = 0
        self.mlines_served += max(mlines, 1)

    def command(self):
        raise NotImplementedError

    def start(self, timeout=15, attempts=3):
        """Start the agent; a start that fails (port still held, slow machine) is retried."""
        for attempt in range(1, attempts + 1):
            try:
                self._start(timeout)
                return
            except RuntimeError:
                self.stop()
                if attempt == attempts:
                    raise
                time.sleep(1.0 * attempt)

    def _start(self, timeout):
        os.makedirs(self.workdir, exist_ok=True)
        self.prepare()
        # The log is appended to across restarts: look for the marker after
        # what is already there.
        offset = os.path.getsize(self.log_path) if os.path.exists(self.log_path) else 0
        log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(self.command(), stdout=log, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL, cwd=self.workdir,
                                     start_new_session=True)
        log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name}/{self.config} exited at start: {self.log_tail(offset)}")
            with open(self.log_path, "rb") as f:
                f.seek(offset)
                if self.ready_marker in f.read():
                    # The marker is printed just before the event loop runs.
                    time.sleep(0.2)
                    return
            time.sleep(0.05)
        raise RuntimeError(f"{self.name}/{self.config} not ready in {timeout}s: {self.log_tail(offset)}")

    def log_tail(self, offset):
        with open(self.log_path, "rb") as f:
            f.seek(offset)
            lines = [l for l in f.read().decode("utf-8", "replace").splitlines() if l.strip()]
        return " | ".join(lines[-3:])[:500]

    def prepare(self):
        pass

    def log_size(self):
        return os.path.getsize(self.log_path) if os.path.exists(self.log_path) else 0

    def log_error(self, since):
        """The first error the stack logged after byte `since`, for a hang's message."""
        try:
            with open(self.log_path, "rb") as f:
                f.seek(since)
                text = f.read(200000).decode("utf-8", "replace")
        except OSError:
            return None
        for line in text.splitlines():
            if self.error_pattern.search(line):
                # Ports and times change between runs; the fault does not.
                line = re.sub(r"127\.0\.0\.1:\d+", "127.0.0.1", re.sub(r"^[0-9:. ]+", "", line))
                return re.sub(r"\s+", " ", line).strip()[:200]
        return None

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def exit_status(self):
        return None if self.proc is None else self.proc.poll()

    def stop(self):
        if self.proc is None:
            return
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)
                self.proc.wait(timeout=3)
            except (subprocess.TimeoutExpired, ProcessLookupError):
                try:
                    os.killpg(self.proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                self.proc.wait()
        self.proc = None

    def restart(self):
        self.restarts += 1
        self.stop()
        self.start()
        self.mlines_served = 0


class Pjsip(Stack):
    name = "pjsip"
    # pjsua 2.15 (this wheel, select() ioqueue of 64 handles) does not give
    # back the ioqueue slots of an ended call's RTP/RTCP sockets: the 33rd
    # one-stream call aborts on `!pj_list_empty(&ioqueue->free_list)`. The
    # harness restarts the agent before the m-lines it has served reach this.
    recycle_after_mlines = 24
    ready_marker = b"READY "
    error_pattern = re.compile(r"Assertion|Error processing packet|PJ[A-Z]*_E[A-Z]+")
    # The pjsua2-python wheel is built without opus: the pbx set starts at G722.
    CODECS = {
        "pbx": ["G722/16000", "PCMU/8000", "PCMA/8000"],
        "pcma-trunk": ["PCMA/8000"],
    }
    SDP_CODECS = {
        "pbx": ["G722/8000", "PCMU/8000", "PCMA/8000", "telephone-event/8000"],
        "pcma-trunk": ["PCMA/8000", "telephone-event/8000"],
    }

    def command(self):
        return [sys.executable, os.path.join(HERE, "pjsip_ua.py"), "--port", str(self.port),
                "--rtp-port", str(self.rtp_port), "--codecs", ",".join(self.CODECS[self.config])]

    @staticmethod
    def version():
        # In a child process: libCreate logs to stdout before any config applies.
        code = ("import pjsua2, sys; ep = pjsua2.Endpoint(); ep.libCreate(); "
                "sys.stderr.write('VERSION ' + ep.libVersion().full + chr(10)); ep.libDestroy()")
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=20)
        m = re.search(r"^VERSION (\S+)", out.stderr, re.M)
        return m.group(1) if m else "unknown"

    @staticmethod
    def package():
        from importlib.metadata import version

        return f"pjsua2-python {version('pjsua2-python')} (PyPI)"


class Baresip(Stack):
    name = "baresip"
    ready_marker = b"baresip is ready."
    # baresip names G722 by its RTP clock-rate-independent codec rate (16000).
    CODECS = {
        "pbx": ["opus/48000/2", "G722/16000/1", "PCMU/8000/1", "PCMA/8000/1"],
        "pcma-trunk": ["PCMA/8000/1"],
    }
    SDP_CODECS = {
        "pbx": ["opus/48000/2", "G722/8000", "PCMU/8000", "PCMA/8000", "telephone-event/8000"],
        "pcma-trunk": ["PCMA/8000", "telephone-event/8000"],
    }
    MODULES = {
        "pbx": ["g711.so", "g722.so", "opus.so", "srtp.so"],
        "pcma-trunk": ["g711.so", "srtp.so"],
    }

    def prepare(self):
        """Write the config dir for `baresip -f DIR`: modules, listen address, account."""
        confdir = os.path.join(self.workdir, f"baresip-{self.config}")
        os.makedirs(confdir, exist_ok=True)
        lines = [
            "poll_method\t\tepoll",
            f"sip_listen\t\t127.0.0.1:{self.port}",
            "call_local_timeout\t120",
            "call_max_calls\t\t32",
            # No audio device: the stack still negotiates and answers.
            "audio_player\t\t",
            "audio_source\t\t",
            "audio_alert\t\t",
            f"rtp_ports\t\t{self.rtp_port}-{self.rtp_port + 999}",
            "module_path\t\t/usr/lib/baresip/modules",
        ]
        lines += [f"module\t\t\t{m}" for m in self.MODULES[self.config]]
        # account.so reads `accounts`; menu.so carries out answermode=auto.
        lines += ["module_app\t\taccount.so", "module_app\t\tmenu.so"]
        with open(os.path.join(confdir, "config"), "w") as f:
            f.write("\n".join(lines) + "\n")
        # mediaenc=srtp: SDES-SRTP best effort (RTP/SAVP offers are negotiated,
        # RTP/AVP answered in clear), as for pjsip.
        account = (f"<sip:uas@127.0.0.1>;regint=0;answermode=auto;"
                   f"audio_codecs={','.join(self.CODECS[self.config])};mediaenc=srtp")
        with open(os.path.join(confdir, "accounts"), "w") as f:
            f.write(account + "\n")
        with open(os.path.join(confdir, "contacts"), "w") as f:
            f.write("")
        self.confdir = confdir

    def command(self):
        return ["baresip", "-f", self.confdir]

    @staticmethod
    def version():
        out = subprocess.run(["baresip", "-h"], capture_output=True, text=True, timeout=10)
        m = re.search(r"baresip v(\S+)", out.stdout + out.stderr)
        return m.group(1) if m else "unknown"

    @staticmethod
    def package():
        out = subprocess.run(["dpkg-query", "-W", "-f", "${Version}", "baresip-core"],
                             capture_output=True, text=True)
        return f"baresip-core {out.stdout.strip() or 'unknown'} (Debian)"


STACKS = {"pjsip": Pjsip, "baresip": Baresip}

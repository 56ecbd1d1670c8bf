"""A private, real Secret Service for tests: a D-Bus session bus of its own and an unlocked
gnome-keyring daemon on it, in a temporary home, stopped and removed afterwards.

Nothing touches the user's own keyring or session bus: the daemon keeps its
files under the temporary ``XDG_DATA_HOME`` and only this bus knows it.
scripts/bootstrap.sh installs ``dbus-daemon`` and ``gnome-keyring``; a
machine without them fails these tests instead of skipping them.
"""

from __future__ import annotations

import os
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

KEYRING_PASSWORD = "unlock-the-test-keyring"


@dataclass
class SecretService:
    address: str        # the private bus, for DBUS_SESSION_BUS_ADDRESS
    data_home: Path     # where the daemon keeps its (encrypted) keyring files
    bus: subprocess.Popen[bytes]
    daemon: subprocess.Popen[bytes]

    def stop(self) -> None:
        for proc in (self.daemon, self.bus):
            if proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait(timeout=5)


def _has_owner(address: str, name: str) -> bool:
    from jeepney.bus_messages import message_bus
    from jeepney.io.blocking import open_dbus_connection

    with open_dbus_connection(bus=address) as conn:
        reply = conn.send_and_get_reply(message_bus.NameHasOwner(name), timeout=2)
        return bool(reply.body[0])


def start(tmp: Path) -> SecretService:
    """Start the bus and the unlocked keyring daemon; raise with their output if either fails."""
    home, runtime = tmp / "home", tmp / "run"
    home.mkdir(parents=True)
    runtime.mkdir(mode=0o700)
    socket = tmp / "bus"
    bus = subprocess.Popen(["dbus-daemon", "--session", "--nofork", "--nopidfile", "--print-address=1",
                            f"--address=unix:path={socket}"],
                           stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert bus.stdout is not None
    address = bus.stdout.readline().decode().strip()
    if not address:
        bus.kill()
        raise RuntimeError("dbus-daemon did not start a session bus")
    env = {**os.environ, "DBUS_SESSION_BUS_ADDRESS": address, "HOME": str(home),
           "XDG_DATA_HOME": str(home / ".local" / "share"), "XDG_CONFIG_HOME": str(home / ".config"),
           "XDG_RUNTIME_DIR": str(runtime)}
    env.pop("GNOME_KEYRING_CONTROL", None)
    log = tmp / "keyring-daemon.log"
    with open(log, "wb") as err:
        daemon = subprocess.Popen(["gnome-keyring-daemon", "--foreground", "--unlock", "--components=secrets",
                                   f"--control-directory={runtime / 'keyring'}"],
                                  stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=err, env=env)
    assert daemon.stdin is not None
    daemon.stdin.write(KEYRING_PASSWORD.encode())
    daemon.stdin.close()
    service = SecretService(address, home / ".local" / "share", bus, daemon)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if daemon.poll() is not None:
            service.stop()
            raise RuntimeError(f"gnome-keyring-daemon exited ({daemon.returncode}): "
                               f"{log.read_text(errors='replace').strip()}")
        try:
            if _has_owner(address, "org.freedesktop.secrets"):
                return service
        except OSError:
            pass
        time.sleep(0.1)
    service.stop()
    raise RuntimeError("gnome-keyring-daemon did not offer the Secret Service within 20 s")

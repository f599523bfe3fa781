"""What every command gets: parsed arguments, a lazily built station, and the operator's log-in.

Stored data is encrypted at rest: ``context.station`` is the station unlocked
by ``--operator NAME`` (password from a prompt, or one line of stdin with
``--password-stdin``). A command that needs no stored data uses
``context.config`` or ``context.locked_station`` and asks for nothing.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.config import StationConfig, load_config
from app.errors import AuthError, InputError


class LoginRequiredError(AuthError):
    default_message_id = "Perintah ini membuka data tersimpan: masuk dulu sebagai petugas."
    default_message_en = "This command opens stored data: log in as an operator first."
    default_action_id = "Tambahkan --operator NAMA_PENGGUNA (kata sandi ditanyakan, atau --password-stdin)."
    default_action_en = "Add --operator USERNAME (the password is asked, or use --password-stdin)."

if TYPE_CHECKING:
    from app.bootstrap import Station
    from app.services.views import OperatorView

# ``station gui``: runs the window on the locked station until it closes (``screenshot``: save the first
# screen and quit); given by the program's entry module (ui/station.py), which sits above the GUI and the CLI.
GuiLauncher = Callable[["Station", "Path | None"], int]


@dataclass
class CommandContext:
    args: argparse.Namespace
    launch_gui: GuiLauncher | None = None
    _config: StationConfig | None = field(default=None, init=False)
    _station: Station | None = field(default=None, init=False)
    operator: OperatorView | None = field(default=None, init=False)  # who logged in, once ``station`` was used

    @property
    def config_path(self) -> Path | None:
        return getattr(self.args, "config", None)

    @property
    def config(self) -> StationConfig:
        if self._config is None:
            self._config = load_config(self.config_path)
        return self._config

    @property
    def locked_station(self) -> Station:
        """The station as built: accounts and the keyring only, stored data still closed."""
        if self._station is None:
            from app.bootstrap import build_station  # imported on first use: `station nik` never needs it

            self._station = build_station(self.config)
        return self._station

    @property
    def station(self) -> Station:
        """The station unlocked by ``--operator`` (migrated on first use).

        Raises:
            LoginRequiredError: no ``--operator`` given.
            AuthError / AccountLockedError: wrong password (counted), locked account.
        """
        station = self.locked_station
        if station.locked:
            self.log_in(station)
        return station

    @property
    def operator_name(self) -> str | None:
        """``--operator``, else ``--supervisor`` (a supervisor's approval is their log-in too)."""
        return getattr(self.args, "operator", None) or getattr(self.args, "supervisor", None)

    def log_in(self, station: Station) -> None:
        name = self.operator_name
        if not name:
            raise LoginRequiredError()
        password = self.read_password(f"Kata sandi / password ({name}): ")
        self.operator = station.operators.authenticate(name, password)
        code = station.operators.pending_recovery_code
        if code:
            station.operators.pending_recovery_code = None
            print_recovery_code(code, file=sys.stderr)

    def read_password(self, prompt: str) -> str:
        """One line of stdin with ``--password-stdin`` (each call the next line), else asked without echo."""
        if getattr(self.args, "password_stdin", False):
            password = sys.stdin.readline().rstrip("\r\n")
        else:
            password = getpass.getpass(prompt)
        if not password:
            raise InputError("Kata sandi kosong.", "The password is empty.")
        return password

    def close(self) -> None:
        if self._station is not None:
            self._station.close()


def print_recovery_code(code: str, *, file: Any = None) -> None:
    """The recovery code, shown once: the supervisor writes it down and keeps it away from the laptop."""
    out = file or sys.stdout
    print("KODE PEMULIHAN (catat sekarang, hanya ditampilkan sekali; simpan terpisah dari laptop):", file=out)
    print("RECOVERY CODE (write it down now, shown only once; keep it away from the laptop):", file=out)
    print(f"    {code}", file=out)

#!/usr/bin/env bash
# Sets up a fresh machine for the station: system libraries (when root),
# the virtual environment, the project and its test tools, translations.
set -euo pipefail
cd "$(dirname "$0")/.."

SYSTEM_PACKAGES=(
    # Qt's xcb/offscreen platform plugins and fonts
    libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3
    libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-xinerama0
    libxcb-randr0 libxcb-render-util0 libxcb-image0 fonts-dejavu-core
    # a virtual display to run the GUI without a screen (xvfb-run)
    xvfb xauth
    # the independent ISDV4 decoder (isdv4-serial-debugger) used by the tests
    xserver-xorg-input-wacom
    # gcc builds the tiny LD_PRELOAD shim that lets that debugger open a pty
    gcc libc6-dev
    # libusb: pyusb's backend for `station devices list` USB discovery
    libusb-1.0-0
    # libfprint and usbip clients for device tests
    usbip
    # PostgreSQL server programs: the hub tests start a throw-away cluster on 127.0.0.1; the
    # installer's office smoke test runs a private one (a venv for the hub) and checks the hub's
    # systemd unit (systemd-analyze verify)
    postgresql systemd python3-venv
    # the office dashboard's end-to-end tests: headless Chromium and its driver (Selenium)
    chromium chromium-driver
)

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    missing=()
    for pkg in "${SYSTEM_PACKAGES[@]}"; do
        dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
    done
    if [ "${#missing[@]}" -gt 0 ]; then
        echo "setup: installing system packages: ${missing[*]}"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    fi
fi

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
    echo "setup: creating .venv"
    "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e '.[test]'
.venv/bin/python scripts/build_translations.py

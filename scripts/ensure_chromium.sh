#!/usr/bin/env bash
# Make sure a headless Chromium is on the machine for tests/test_browser.py (Debian's package),
# with a CJK font so screenshots show the Chinese labels rather than empty boxes.
# Idempotent; never fails the caller: when Chromium cannot be installed it says why and exits 0,
# and the browser tests then skip with that reason.
set -u

find_chromium() {
    command -v chromium || command -v chromium-browser || command -v google-chrome || true
}

have_cjk_font() {
    command -v fc-list >/dev/null 2>&1 && [ -n "$(fc-list :lang=zh 2>/dev/null | head -n1)" ]
}

found="$(find_chromium)"
if [ -n "$found" ] && have_cjk_font; then
    echo "chromium: $found ($("$found" --version 2>/dev/null | head -n1))"
    exit 0
fi
if [ -n "$found" ] && { [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; }; then
    echo "chromium: $found (no CJK font: screenshots show boxes for Chinese; tests unaffected)"
    exit 0
fi
if [ "$(id -u)" != "0" ]; then
    echo "chromium: not installed and not root; run 'sudo apt-get install chromium' (browser tests will skip)"
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "chromium: not installed and no apt-get on this machine (browser tests will skip)"
    exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq || echo "chromium: apt-get update failed; trying the package lists as they are"
if [ -z "$found" ]; then
    echo "chromium: installing Debian's chromium package..."
    if apt-get install -y -qq chromium >/dev/null 2>&1; then
        found="$(find_chromium)"
        echo "chromium: installed ${found:-?} ($("${found:-chromium}" --version 2>/dev/null | head -n1))"
    else
        echo "chromium: apt-get could not install chromium (browser tests will skip)"
        exit 0
    fi
fi
if ! have_cjk_font; then  # optional: only the screenshots' legibility depends on it
    apt-get install -y -qq fonts-wqy-zenhei >/dev/null 2>&1 \
        && echo "chromium: installed the CJK font fonts-wqy-zenhei" \
        || echo "chromium: no CJK font installed (screenshots show boxes for Chinese; tests unaffected)"
fi
exit 0

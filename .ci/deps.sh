#!/usr/bin/env bash
# Install the Debian packages Tandem needs to build, test and run locally.
#
# Quick no-op when everything is already installed (one dpkg-query call).
# Otherwise, as root: `apt-get update` once, then install what is missing,
# with services kept from starting (the stack runs its own private MariaDB
# and nginx, see nginx/stack.sh). Not root: list what is missing, exit 1.
set -euo pipefail

PACKAGES=(
    build-essential pkg-config
    libfcgi-dev libmariadb-dev mariadb-server mariadb-client
    libxml2-dev libxslt1-dev xsltproc libxml2-utils
    libcurl4-openssl-dev libsodium-dev libjansson-dev libgmime-3.0-dev
    nginx-light libcmocka-dev wrk curl
    python3 python3-lxml python3-pytest chromium valgrind
    dovecot-imapd
)

# One dpkg-query for all of them; unknown packages make it complain on stderr
# and exit non-zero, which just means "missing".
installed=$(dpkg-query -W -f='${Package} ${Status}\n' "${PACKAGES[@]}" 2>/dev/null || true)
missing=()
for p in "${PACKAGES[@]}"; do
    if ! grep -qx "$p install ok installed" <<<"$installed"; then
        missing+=("$p")
    fi
done

if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
    {
        echo "deps.sh: missing Debian packages: ${missing[*]}"
        echo "Install them as root, for example:"
        echo "    sudo apt-get update && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${missing[*]}"
        echo "or run this script as root: sudo $0"
    } >&2
    exit 1
fi

echo "deps.sh: installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive

# Keep maintainer scripts from starting system services (mariadb, nginx):
# invoke-rc.d / deb-systemd-invoke honour policy-rc.d exit 101 = "not allowed".
# Only create it if it is not already there, and only remove what we created.
POLICY=/usr/sbin/policy-rc.d
created_policy=0
cleanup() {
    if [ "$created_policy" = 1 ]; then
        rm -f "$POLICY"
    fi
}
trap cleanup EXIT
if [ ! -e "$POLICY" ]; then
    printf '#!/bin/sh\n# temporary, written by Tandem .ci/deps.sh\nexit 101\n' >"$POLICY"
    chmod 755 "$POLICY"
    created_policy=1
fi

apt_opts=(-y -q --no-install-recommends -o DPkg::Lock::Timeout=300)
apt-get -q -o DPkg::Lock::Timeout=300 update
apt-get install "${apt_opts[@]}" "${missing[@]}"

# On a systemd host, freshly installed system services would still be enabled
# for the next boot. They do not conflict with the private stack (it uses its
# own sockets and port), but nothing here needs them: disable the ones we just
# installed, and leave alone any that were already on the machine.
if [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then
    for p in "${missing[@]}"; do
        case "$p" in
            mariadb-server) systemctl disable --now mariadb.service >/dev/null 2>&1 || true ;;
            nginx-light) systemctl disable --now nginx.service >/dev/null 2>&1 || true ;;
            dovecot-imapd) systemctl disable --now dovecot.service dovecot.socket >/dev/null 2>&1 || true ;;
        esac
    done
fi

echo "deps.sh: done"

#!/usr/bin/env bash
# Installs the real peers the tests and benchmarks talk to, when any is missing:
# erl (erlang-base), libei and its headers (erlang-dev), the jinterface jar that ships with OTP
# (erlang-jinterface) and elixir. Debian packages only; a no-op when all are present.
set -euo pipefail

missing=()
command -v erl >/dev/null 2>&1 || missing+=(erlang-base)
command -v elixir >/dev/null 2>&1 || missing+=(elixir)
compgen -G '/usr/lib/erlang/lib/jinterface-*/priv/OtpErlang.jar' >/dev/null || missing+=(erlang-jinterface)
compgen -G '/usr/lib/erlang/lib/erl_interface-*/include/ei.h' >/dev/null || missing+=(erlang-dev)

if [ ${#missing[@]} -eq 0 ]; then
  echo "peers: erl, elixir, jinterface and libei are installed"
  exit 0
fi

echo "peers: installing ${missing[*]} (with erlang-base erlang-dev erlang-jinterface elixir)"
sudo=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "peers: not root and no sudo: install erlang-base erlang-dev erlang-jinterface elixir" >&2; exit 1; }
  sudo=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -q
"${sudo[@]}" apt-get install -y -q erlang-base erlang-dev erlang-jinterface elixir

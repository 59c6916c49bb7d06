#!/usr/bin/env bash
# Peers side by side: gilsim, the floor (the bare FIFO mutex on gilsim's fibers), and the same FIFO-mutex GIL
# model in SimGrid (s4u) and SimPy, in one run.
#
#   bench/peers/run_peers.sh [--install] [--sizes "2 100 10000"] [--repeat K] [--handoffs H]
#                            [--without simgrid|simpy] [--build DIR]
#
#   --install   apt-get install whichever of libsimgrid-dev and python3-simpy is missing (needs root)
#   --sizes     the numbers of threads/actors to run (default: 2 100 10000)
#   --repeat    runs per program and size; the best rate is kept (default: 3; a run over 5 s is not repeated)
#   --without   leave a peer out, as if its package were missing: simgrid or simpy (may be repeated)
#   --handoffs  ask gilsim for about H hand-offs at every N (default: its own, 1 M at N=2 down to ~20 k)
#   --build     the build tree whose gilsim_handoff_rate and gilsim_floor_handoff run (default: build)
#
# For each N, gilsim runs first (build/gilsim_handoff_rate); the floor (build/gilsim_floor_handoff) and
# each peer then run until they have made as many hand-offs as gilsim did, so that setup costs (creating
# N threads/actors) weigh the same. Programs run one at a time (never in parallel). A peer whose package
# is missing is shown as n/a.
# What the figures mean, and what differs between the models: docs/performance.md, "Peers side by side".
set -u

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
build="$root/build"

install=0
sizes="2 100 10000"
repeat=3
handoffs=""
without=" "
while [ $# -gt 0 ]; do
  case "$1" in
    --install) install=1 ;;
    --sizes) shift; sizes="${1:?--sizes needs a list}" ;;
    --repeat) shift; repeat="${1:?--repeat needs a number}" ;;
    --without) shift; without="$without${1:?--without needs simgrid or simpy} " ;;
    --handoffs) shift; handoffs="${1:?--handoffs needs a number}" ;;
    --build) shift; build="$(cd "${1:?--build needs a directory}" && pwd)" || exit 2 ;;
    -h|--help) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run_peers.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
  shift
done

log() { echo "run_peers: $*" >&2; }
have_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }

# --- Install (only when asked) ------------------------------------------------------------------
if [ "$install" = 1 ]; then
  missing=()
  for p in libsimgrid-dev python3-simpy; do have_pkg "$p" || missing+=("$p"); done
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing: ${missing[*]}"
    sudo_cmd=()
    [ "$(id -u)" != 0 ] && sudo_cmd=(sudo)
    if ! { "${sudo_cmd[@]}" apt-get update -qq &&
           "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"; }; then
      log "apt-get failed; going on with what is present"
    fi
  fi
fi

# --- gilsim ---------------------------------------------------------------------------------------
gilsim_bin="$build/gilsim_handoff_rate"
floor_bin="$build/gilsim_floor_handoff"
if [ ! -f "$build/CMakeCache.txt" ]; then
  log "configuring $build"
  cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null || { log "cmake configure failed"; exit 1; }
fi
if ! cmake --build "$build" -j2 --target gilsim_handoff_rate gilsim_floor_handoff >/tmp/run_peers_build.$$ 2>&1; then
  if [ -x "$gilsim_bin" ]; then
    log "building gilsim_handoff_rate or gilsim_floor_handoff failed (see below); using what exists"
    tail -5 /tmp/run_peers_build.$$ >&2
  else
    cat /tmp/run_peers_build.$$ >&2; rm -f /tmp/run_peers_build.$$
    log "cannot build gilsim_handoff_rate"; exit 1
  fi
fi
rm -f /tmp/run_peers_build.$$

# --- SimGrid peer -----------------------------------------------------------------------------------
simgrid_bin="$build/peers/simgrid_fifo_mutex"
simgrid_na="n/a (install libsimgrid-dev)"
simgrid_ok=0
if [[ "$without" == *" simgrid "* ]]; then
  sg_flags=""
elif pkg-config --exists simgrid 2>/dev/null; then
  sg_flags="$(pkg-config --cflags --libs simgrid)"
elif [ -f /usr/include/simgrid/s4u.hpp ]; then
  sg_flags="-lsimgrid"
else
  sg_flags=""
fi
if [ -n "$sg_flags" ]; then
  src="$here/simgrid_fifo_mutex.cpp"
  mkdir -p "$build/peers"
  if [ ! -x "$simgrid_bin" ] || [ "$src" -nt "$simgrid_bin" ]; then
    log "building $simgrid_bin"
    # shellcheck disable=SC2086
    if ! g++ -std=c++17 -O2 -DNDEBUG "$src" -o "$simgrid_bin" $sg_flags; then
      log "building the SimGrid peer failed"; simgrid_na="n/a (build failed)"; rm -f "$simgrid_bin"
    fi
  fi
  [ -x "$simgrid_bin" ] && simgrid_ok=1
fi

# --- SimPy peer: the first Python that imports simpy (3/4) or SimPy (2, Debian's python3-simpy) ------
simpy_py=""
[[ "$without" == *" simpy "* ]] && pythons=() || pythons=(python3 /usr/bin/python3)
for py in "${pythons[@]}"; do
  command -v "$py" >/dev/null 2>&1 || continue
  if "$py" -c 'import importlib.util as u, sys; sys.exit(0 if (u.find_spec("simpy") or u.find_spec("SimPy")) else 1)' \
      2>/dev/null; then
    simpy_py="$py"; break
  fi
done

# --- Runs ------------------------------------------------------------------------------------------
# field LINE KEY prints KEY's value from a "peer=... key=value ..." line.
field() { echo "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"; }
# best_of CMD...: runs CMD $repeat times (bounded to 150 s each; a run over 5 s is not repeated) and
# echoes the line with the best rate.
best_of() {
  local best="" best_rate=0 out line rate i
  for ((i = 0; i < repeat; i++)); do
    out="$(timeout 150 "$@" 2>/dev/null)" || { log "failed or timed out: $*"; continue; }
    [ "$i" = 0 ] && echo "$out" | grep '^#' | head -1 >&3
    line="$(echo "$out" | grep '^peer=' | tail -1)"
    rate="$(field "$line" handoffs_per_s)"
    if [ -n "$rate" ] && awk -v a="$rate" -v b="$best_rate" 'BEGIN { exit !(a > b) }'; then
      best="$line"; best_rate="$rate"
    fi
    awk -v w="$(field "$line" wall_s)" 'BEGIN { exit !(w > 5) }' && break
  done
  echo "$best"
}
exec 3>/dev/null

echo "# gilsim vs peers: simulated GIL hand-offs per wall second ($(date -u +%Y-%m-%d), $(nproc) cores," \
     "$(uname -m), best of $repeat)"
rows=()
first=1
for n in $sizes; do
  [ "$first" = 1 ] && exec 3>&1  # print each program's header line once, on the first size
  # shellcheck disable=SC2086
  g="$(best_of "$gilsim_bin" "$n" $handoffs)"
  if [ -z "$g" ]; then log "gilsim failed at N=$n"; rows+=("$n|-|failed|-|-|-"); exec 3>/dev/null; continue; fi
  echo "$g"
  h="$(field "$g" handoffs)"
  g_rate="$(field "$g" handoffs_per_s)"
  s_rate="$simgrid_na"; p_rate="n/a (install python3-simpy)"; f_rate="n/a (run failed)"
  if [ -x "$floor_bin" ]; then
    f="$(best_of "$floor_bin" "$n" "$h")"
    if [ -n "$f" ]; then echo "$f"; f_rate="$(field "$f" handoffs_per_s)"; fi
  else
    f_rate="n/a (not built)"
  fi
  if [ "$simgrid_ok" = 1 ]; then
    s="$(best_of "$simgrid_bin" "$n" "$h")"
    if [ -n "$s" ]; then echo "$s"; s_rate="$(field "$s" handoffs_per_s)"; else s_rate="n/a (run failed)"; fi
  fi
  if [ -n "$simpy_py" ]; then
    p="$(best_of "$simpy_py" "$here/simpy_fifo_mutex.py" "$n" "$h")"
    if [ -n "$p" ]; then echo "$p"; p_rate="$(field "$p" handoffs_per_s)"; else p_rate="n/a (run failed)"; fi
  fi
  rows+=("$n|$h|$g_rate|$f_rate|$s_rate|$p_rate")
  exec 3>/dev/null
  first=0
done

echo
awk -F'|' '
  function human(x) {
    if (x !~ /^[0-9.]+$/) return x
    if (x >= 1e6) return sprintf("%.2f M", x / 1e6)
    if (x >= 1e3) return sprintf("%.0f k", x / 1e3)
    return sprintf("%.0f", x)
  }
  function ratio(a, b) { return (a ~ /^[0-9.]+$/ && b ~ /^[0-9.]+$/ && b > 0) ? sprintf("%.2f", a / b) : "-" }
  BEGIN {
    fmt = "%-7s %-10s %-10s %-17s %-30s %-30s %-13s %-15s %-13s\n"
    printf fmt, "N", "hand-offs", "gilsim/s", "floor/s", "SimGrid/s", "SimPy/s", "gilsim/floor", "gilsim/SimGrid",
      "gilsim/SimPy"
  }
  { printf fmt, $1, $2, human($3), human($4), human($5), human($6), ratio($3, $4), ratio($3, $5), ratio($3, $6) }
' < <(printf '%s\n' "${rows[@]}")

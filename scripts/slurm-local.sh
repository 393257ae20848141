#!/usr/bin/env bash
# A single-node Slurm on this machine, for the tests of `spinplan sweep --slurm` (and to try
# a sweep's batch scripts before a cluster sees them). Debian's slurm-wlm and munge
# (scripts/install-system-deps.sh installs them), run as root:
#   scripts/slurm-local.sh start    write a minimal slurm.conf for this host, start munged (as
#                                   the munge user), slurmctld and slurmd; wait for the node
#   scripts/slurm-local.sh stop     stop the daemons this script started
#   scripts/slurm-local.sh status   sinfo
#   scripts/slurm-local.sh env      the line to source for sbatch/squeue: export SLURM_CONF=...
# Spool, state, logs and the configuration live under $SPINPLAN_SLURM_DIR (default
# /tmp/spinplan-slurm); /etc/slurm is not touched, so sbatch needs SLURM_CONF (see env).
# The settings that make Slurm 22.05 run in a container as root: ProctrackType=proctrack/linuxproc
# and TaskPlugin=task/none (no cgroups), SlurmUser=root, no accounting.
set -euo pipefail

DIR=${SPINPLAN_SLURM_DIR:-/tmp/spinplan-slurm}
CONF=$DIR/slurm.conf
PORT_CTLD=${SPINPLAN_SLURMCTLD_PORT:-6817}
PORT_D=${SPINPLAN_SLURMD_PORT:-6818}
NODE=$(hostname -s)

die() {
  echo "slurm-local: $*" >&2
  exit 1
}

pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

write_conf() {
  local cpus mem
  cpus=$(nproc)
  # Slurm refuses a node that reports less memory than configured: take 90 % of it, in MB.
  mem=$(awk '/MemTotal/ { printf "%d", $2 / 1024 * 0.9 }' /proc/meminfo)
  mkdir -p "$DIR/state" "$DIR/spool" "$DIR/log"
  cat >"$CONF" <<EOF
# Written by scripts/slurm-local.sh: a single-node cluster for tests.
ClusterName=spinplan-local
SlurmctldHost=$NODE(127.0.0.1)
SlurmctldPort=$PORT_CTLD
SlurmdPort=$PORT_D
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MpiDefault=none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
StateSaveLocation=$DIR/state
SlurmdSpoolDir=$DIR/spool
SlurmctldPidFile=$DIR/slurmctld.pid
SlurmdPidFile=$DIR/slurmd.pid
SlurmctldLogFile=$DIR/log/slurmctld.log
SlurmdLogFile=$DIR/log/slurmd.log
NodeName=$NODE NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=local Nodes=$NODE Default=YES MaxTime=INFINITE State=UP
EOF
}

start_munge() {
  if pgrep -u munge -x munged >/dev/null 2>&1; then return; fi
  [ -f /etc/munge/munge.key ] || die "no /etc/munge/munge.key; create one with: mungekey --create (as root)"
  install -d -o munge -g munge -m 0755 /run/munge
  install -d -o munge -g munge -m 0700 /var/lib/munge /var/log/munge
  runuser -u munge -- /usr/sbin/munged || die "munged did not start (see /var/log/munge/munged.log)"
}

start() {
  [ "$(id -u)" -eq 0 ] || die "needs root (slurmd runs jobs as their users, and SlurmUser=root here)"
  command -v slurmctld >/dev/null && command -v slurmd >/dev/null && command -v munged >/dev/null ||
    die "slurm-wlm and munge are not installed (scripts/install-system-deps.sh, or apt-get install slurm-wlm munge)"
  write_conf
  start_munge
  export SLURM_CONF=$CONF
  local was="started"
  pid_alive "$DIR/slurmctld.pid" && pid_alive "$DIR/slurmd.pid" && was="already running"
  pid_alive "$DIR/slurmctld.pid" || slurmctld -f "$CONF" || die "slurmctld did not start (see $DIR/log/slurmctld.log)"
  pid_alive "$DIR/slurmd.pid" || slurmd -f "$CONF" -N "$NODE" || die "slurmd did not start (see $DIR/log/slurmd.log)"
  for _ in $(seq 1 60); do
    state=$(sinfo -h -N -n "$NODE" -o '%t' 2>/dev/null || true)
    case "$state" in
      idle* | mix* | alloc*)
        echo "slurm-local: $was; node $NODE is $state; export SLURM_CONF=$CONF"
        return
        ;;
      down* | drain*) scontrol update NodeName="$NODE" State=RESUME >/dev/null 2>&1 || true ;;
    esac
    sleep 0.5
  done
  die "node $NODE did not come up (state: ${state:-unknown}); see $DIR/log"
}

stop() {
  for d in slurmd slurmctld; do
    if pid_alive "$DIR/$d.pid"; then
      kill "$(cat "$DIR/$d.pid")"
      for _ in $(seq 1 20); do pid_alive "$DIR/$d.pid" || break; sleep 0.25; done
    fi
  done
  echo "slurm-local: stopped (munged keeps running; it is harmless)"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) SLURM_CONF=$CONF sinfo ;;
  env) echo "export SLURM_CONF=$CONF" ;;
  *) die "usage: scripts/slurm-local.sh start|stop|status|env" ;;
esac

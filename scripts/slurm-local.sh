#!/usr/bin/env bash
# Starts a one-node Slurm cluster on this machine (localhost) for the `imcsim sweep --slurm` test, idempotently:
#  - installs Debian's slurm-wlm and munge if missing (apt-get),
#  - creates a munge key if there is none and starts munged (as the munge user),
#  - writes a minimal /etc/slurm/slurm.conf for this host (no cgroups, no accounting, root may run jobs),
#  - starts slurmctld and slurmd directly (no systemd: this also runs in containers),
#  - waits until sinfo shows the node idle (or busy).
# Run as root. Safe to run again: a cluster that already answers with this node up is left alone. A slurm.conf this script
# did not write is never overwritten (a machine that is part of a real cluster keeps its configuration).
set -euo pipefail

marker="# Written by IMCSim scripts/slurm-local.sh: a one-node test cluster on this machine."
conf=/etc/slurm/slurm.conf
host=$(hostname -s)

node_up() {
  local state
  state=$(sinfo -h -n "$host" -o %t 2>/dev/null | head -n 1) || return 1
  [[ $state =~ ^(idle|mix|mixed|alloc|allocated|comp|completing)[*~#]?$ ]]
}

if command -v sinfo >/dev/null && node_up; then
  echo "slurm-local: cluster already up ($host: $(sinfo -h -n "$host" -o %t))"
  exit 0
fi

if [[ $(id -u) -ne 0 ]]; then
  echo "slurm-local: must run as root (installs packages, starts munged, slurmctld, slurmd)" >&2
  exit 1
fi

missing=()
for p in slurm-wlm munge; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "slurm-local: installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null
  apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
fi

# munge: the key, its folders, the daemon.
if [[ ! -s /etc/munge/munge.key ]]; then
  echo "slurm-local: creating /etc/munge/munge.key"
  install -d -o munge -g munge -m 0700 /etc/munge
  dd if=/dev/urandom of=/etc/munge/munge.key bs=1 count=1024 status=none
  chown munge:munge /etc/munge/munge.key
  chmod 0400 /etc/munge/munge.key
fi
install -d -o munge -g munge -m 0755 /run/munge
install -d -o munge -g munge -m 0700 /var/lib/munge /var/log/munge
if ! munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then
  echo "slurm-local: starting munged"
  runuser -u munge -- /usr/sbin/munged
  for _ in $(seq 50); do munge -n 2>/dev/null | unmunge >/dev/null 2>&1 && break; sleep 0.1; done
  munge -n | unmunge >/dev/null || { echo "slurm-local: munged does not answer" >&2; exit 1; }
fi

# slurm.conf: this host as controller and as the one compute node, with the CPUs and memory slurmd detects.
if [[ -f $conf ]] && ! grep -qxF "$marker" "$conf"; then
  echo "slurm-local: $conf exists and was not written by this script; leaving it as it is" >&2
else
  node=$(slurmd -C | head -n 1)
  [[ $node == NodeName=* ]] || { echo "slurm-local: 'slurmd -C' did not describe this node: $node" >&2; exit 1; }
  node="NodeName=$host ${node#* }"
  new=$(cat <<EOF
$marker
ClusterName=imcsim-local
SlurmctldHost=$host
SlurmUser=root
AuthType=auth/munge
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
SchedulerType=sched/backfill
SchedulerParameters=sched_interval=2
MaxArraySize=10001
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldPidFile=/run/slurmctld.pid
SlurmdPidFile=/run/slurmd.pid
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
SlurmctldTimeout=30
SlurmdTimeout=30
InactiveLimit=0
MinJobAge=600
KillWait=10
Waittime=0
$node State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
)
  if [[ ! -f $conf ]] || [[ $(cat "$conf") != "$new" ]]; then
    echo "slurm-local: writing $conf"
    install -d /etc/slurm
    printf '%s\n' "$new" > "$conf"
  fi
fi
install -d -m 0755 /var/spool/slurmctld /var/spool/slurmd /var/log/slurm

# The daemons (directly, daemonised); a daemon that is already running is reconfigured rather than started twice.
running() { [[ -f $1 ]] && kill -0 "$(cat "$1")" 2>/dev/null; }
if running /run/slurmctld.pid; then
  scontrol reconfigure >/dev/null 2>&1 || true
else
  echo "slurm-local: starting slurmctld"
  /usr/sbin/slurmctld
fi
if ! running /run/slurmd.pid; then
  echo "slurm-local: starting slurmd"
  /usr/sbin/slurmd
fi

for _ in $(seq 60); do
  node_up && break
  # A node left down or drained by an earlier run comes back (ReturnToService=2 handles a node that registers again).
  state=$(sinfo -h -n "$host" -o %t 2>/dev/null | head -n 1 || true)
  if [[ $state =~ ^(down|drain|drng|drained)[*~#]?$ ]]; then
    scontrol update NodeName="$host" State=RESUME >/dev/null 2>&1 || true
  fi
  sleep 1
done
if ! node_up; then
  echo "slurm-local: node $host is not up after 60 s ($(sinfo -h -n "$host" -o '%t %E' 2>&1 | head -n 1)); see /var/log/slurm/slurmctld.log and slurmd.log" >&2
  exit 1
fi
echo "slurm-local: ok ($host: $(sinfo -h -n "$host" -o %t), $(sinfo -h -n "$host" -o '%c CPUs'))"

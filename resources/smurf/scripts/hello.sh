#!/bin/sh
# A shell script for the launcher: prints its arguments and the slot, then a few lines.
echo "hello.sh on slot ${SLOT:-?} (${SMURFPUB_ID:-?}), args: $*"
for i in 1 2 3; do echo "tick $i"; sleep 0.3; done

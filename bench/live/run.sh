#!/bin/sh
# 10,000 websocket clients need as many descriptors in the load generator and the server.
ulimit -n 20000 2>/dev/null || ulimit -n "$(ulimit -Hn)"
exec node "$(dirname "$0")/run.mjs" "$@"

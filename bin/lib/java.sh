#!/usr/bin/env bash
# Sourced by Switchboard's scripts: exports JAVA_HOME pointing at a JDK 21 or newer.
# Order: $JAVA_HOME if it is 21+, else the newest JDK 21+ under /usr/lib/jvm (or
# /Library/Java/JavaVirtualMachines on macOS). Stops with advice when there is none.

java_major() {
  # Prints the feature version of the java at $1/bin/java, or nothing.
  local v
  v=$("$1/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}')
  case "$v" in 1.*) v=${v#1.}; v=${v%%.*} ;; esac
  printf '%s' "$v"
}

switchboard_find_java() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    local m; m=$(java_major "$JAVA_HOME")
    if [ -n "$m" ] && [ "$m" -ge 21 ]; then return 0; fi
  fi
  local best="" best_major=0 dir m
  for dir in /usr/lib/jvm/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -x "$dir/bin/java" ] && [ -x "$dir/bin/javac" ] || continue
    m=$(java_major "$dir")
    [ -n "$m" ] || continue
    if [ "$m" -ge 21 ] && [ "$m" -gt "$best_major" ]; then best="$dir"; best_major="$m"; fi
  done
  if [ -z "$best" ]; then
    echo "switchboard: no JDK 21 or newer found (JAVA_HOME=${JAVA_HOME:-unset}, searched /usr/lib/jvm)." >&2
    echo "switchboard: install one, e.g. 'apt-get install openjdk-21-jdk' or a Temurin 21/25 JDK, or set JAVA_HOME to it." >&2
    return 1
  fi
  export JAVA_HOME="$best"
}

switchboard_find_java || exit 1
export PATH="$JAVA_HOME/bin:$PATH"

#!/usr/bin/env bash
# Sourced by Switchboard's scripts: sets MVN to a Maven 3.8.7+ command.
# Uses the machine's `mvn`; there is no wrapper (and no download address in this repository).

switchboard_find_maven() {
  if command -v mvn >/dev/null 2>&1; then
    MVN=mvn
    return 0
  fi
  echo "switchboard: no 'mvn' on PATH; install Apache Maven 3.8.7 or newer (e.g. 'apt-get install maven')." >&2
  return 1
}

switchboard_find_maven || exit 1
export MVN
# Quieter Maven on JDK 25 (its bundled Guava touches sun.misc.Unsafe).
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow -XX:+IgnoreUnrecognizedVMOptions"

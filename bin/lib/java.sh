# shellcheck shell=bash
# Selects a JDK >= 25 for Meridian's launchers (the media agent calls sendmmsg through the foreign-function
# API). Source it: `source bin/lib/java.sh`.
#
# Order: $JAVA_HOME when it is >= 25, else the newest JDK >= 25 under /usr/lib/jvm, else `java` on PATH
# when it is >= 25. On success it exports JAVA_HOME, puts its bin first on PATH and sets JAVA to the java
# binary; otherwise it prints why and returns 1 (a launcher with `set -e` then stops).

# Major version of the JDK at $1 (a JAVA_HOME), or nothing when it is not a usable JDK.
meridian_java_major() {
  local home="$1" version=""
  [[ -x "$home/bin/java" ]] || return 0
  if [[ -r "$home/release" ]]; then
    version="$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$home/release" | head -n 1)"
  fi
  if [[ -z "$version" ]]; then
    version="$("$home/bin/java" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -n 1)"
  fi
  [[ -n "$version" ]] || return 0
  # "1.8.0_402" → 8; "17.0.9" → 17; "25" → 25; "21-ea" → 21
  if [[ "$version" == 1.* ]]; then
    version="${version#1.}"
  fi
  version="${version%%[.+_-]*}"
  [[ "$version" =~ ^[0-9]+$ ]] && printf '%s\n' "$version"
  return 0
}

# Prints the JAVA_HOME to use, or returns 1.
meridian_java_find() {
  local minimum=25 best="" best_major=0 candidate major
  if [[ -n "${JAVA_HOME:-}" ]]; then
    major="$(meridian_java_major "$JAVA_HOME")"
    if [[ -n "$major" && "$major" -ge "$minimum" ]]; then
      printf '%s\n' "$JAVA_HOME"
      return 0
    fi
  fi
  for candidate in /usr/lib/jvm/*; do
    [[ -d "$candidate" ]] || continue
    major="$(meridian_java_major "$candidate")"
    if [[ -n "$major" && "$major" -ge "$minimum" && "$major" -gt "$best_major" ]]; then
      best="$candidate"
      best_major="$major"
    fi
  done
  if [[ -n "$best" ]]; then
    printf '%s\n' "$best"
    return 0
  fi
  if command -v java >/dev/null 2>&1; then
    candidate="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
    major="$(meridian_java_major "$candidate")"
    if [[ -n "$major" && "$major" -ge "$minimum" ]]; then
      printf '%s\n' "$candidate"
      return 0
    fi
  fi
  return 1
}

meridian_java_select() {
  local home
  if ! home="$(meridian_java_find)"; then
    echo "Meridian needs a JDK 25 or newer: set JAVA_HOME or install one under /usr/lib/jvm." >&2
    return 1
  fi
  export JAVA_HOME="$home"
  export PATH="$JAVA_HOME/bin:$PATH"
  JAVA="$JAVA_HOME/bin/java"
  return 0
}

meridian_java_select || return 1

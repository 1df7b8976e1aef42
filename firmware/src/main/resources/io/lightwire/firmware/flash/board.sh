# Board side of `lightwire flash` (POSIX sh + coreutils + tar; sent over SSH, never stored).
#   prepare  HOME                       make the folders, drop a stale upload, print the state
#   install  HOME RELEASE SHA256 SVC    verify, unpack, switch `current`, restart the service
#   activate HOME TARGET SVC            point `current` at TARGET and restart (rollback);
#                                       an empty TARGET stops the service and removes `current`
#   config   HOME TARGET                print the config of an installed release
# Layout under HOME: releases/RELEASE/ (one per bundle), current -> releases/RELEASE,
# previous (the release before the last install), incoming/ (uploads), lightwire.service.
# Nothing outside releases/.RELEASE.partial changes before the bundle is verified, and the
# switch is one rename(2) of a fresh symlink over `current`: the board runs either release.
set -eu
cmd=$1
home=$2

stage=""
archive=""

# Says what failed and removes what this step staged, so a refused bundle leaves nothing behind.
fail() {
  echo "board: $*" >&2
  [ -z "$stage" ] || rm -rf "$stage"
  [ -z "$archive" ] || rm -f "$archive"
  exit 1
}

# Writes the unit with HOME filled in; links and enables it the first time; restarts.
restart() {
  svc=$1
  sed "s#@LIGHTWIRE_HOME@#$home#g" current/systemd/lightwire.service >lightwire.service.new
  mv -f lightwire.service.new lightwire.service
  # shellcheck disable=SC2086 # SVC is a command with arguments, e.g. "sudo -n systemctl"
  if $svc cat lightwire.service >/dev/null 2>&1; then
    $svc daemon-reload || fail "'$svc daemon-reload' failed"
  else
    $svc link "$home/lightwire.service" || fail "'$svc link' failed (the SSH user needs sudo)"
    $svc enable lightwire.service || fail "'$svc enable lightwire.service' failed"
  fi
  $svc restart lightwire.service || fail "'$svc restart lightwire.service' failed"
  echo "restarted lightwire.service"
}

switch_to() {
  ln -sfn "$1" current.new
  mv -Tf current.new current
  echo "current -> $1"
}

case "$cmd" in
  prepare)
    mkdir -p "$home/releases" "$home/incoming" ||
      fail "cannot create $home: let the SSH user own it (sudo install -d -o \$USER $home)"
    [ -w "$home" ] || fail "$home is not writable by $(id -un)"
    for tool in sha256sum tar sed ln mv readlink; do
      command -v "$tool" >/dev/null 2>&1 || fail "the board has no $tool"
    done
    # An upload or unpack that was interrupted earlier is staging only: drop it.
    rm -rf "$home"/incoming/* "$home"/releases/.*.partial
    # A relative HOME is relative to the SSH user's home (where exec and SFTP start): flash uses
    # the absolute path from here on, which the systemd unit needs.
    echo "home=$(cd "$home" && pwd)"
    echo "current=$(readlink "$home/current" 2>/dev/null || true)"
    echo "previous=$(cat "$home/previous" 2>/dev/null || true)"
    ;;
  install)
    release=$3
    sha=$4
    svc=$5
    cd "$home"
    archive="incoming/$release.tar.gz"
    echo "$sha  $archive" | sha256sum -c --status - ||
      fail "the uploaded bundle's SHA-256 is not $sha: the upload was damaged"
    stage="releases/.$release.partial"
    rm -rf "$stage"
    mkdir "$stage" || fail "cannot create $home/$stage"
    tar -xzf "$archive" -C "$stage" --no-same-owner || fail "cannot unpack $archive"
    (cd "$stage" && sha256sum -c --strict --quiet SHA256SUMS) ||
      fail "files of the bundle do not match SHA256SUMS"
    listed=$(wc -l <"$stage/SHA256SUMS")
    present=$(cd "$stage" && find . -type f ! -name SHA256SUMS | wc -l)
    [ "$listed" -eq "$present" ] || fail "the bundle has $present files, SHA256SUMS lists $listed"
    grep -qx "release=$release" "$stage/MANIFEST" || fail "MANIFEST is not release $release"
    echo "verified on the board: $listed files match SHA256SUMS"
    old=$(readlink current 2>/dev/null || true)
    if [ "$old" = "releases/$release" ]; then
      rm -rf "$stage" # the same content is already current
    else
      rm -rf "releases/$release"
      mv "$stage" "releases/$release"
    fi
    rm -f "$archive"
    stage=""
    archive=""
    if [ -n "$old" ] && [ "$old" != "releases/$release" ]; then
      printf '%s\n' "$old" >previous.new
      mv -f previous.new previous
    fi
    switch_to "releases/$release"
    # Keep the new release and the one to roll back to; older ones go.
    for dir in releases/*; do
      [ -d "$dir" ] || continue
      [ "$dir" = "releases/$release" ] || [ "$dir" = "$old" ] || rm -rf "$dir"
    done
    restart "$svc"
    ;;
  activate)
    target=$3
    svc=$4
    cd "$home"
    if [ -n "$target" ]; then
      [ -d "$target" ] || fail "$target is not installed"
      switch_to "$target"
      restart "$svc"
    else
      # shellcheck disable=SC2086
      $svc stop lightwire.service || true
      rm -f current
      echo "stopped lightwire.service; no release is current"
    fi
    ;;
  config)
    cat "$home/$3/config/lightwire.properties" || fail "$3 has no config"
    ;;
  *)
    fail "unknown step $cmd"
    ;;
esac

# Board side of `lightwire flash` (POSIX sh + coreutils + tar; sent over SSH, never stored).
#   prepare  HOME                       make the folders, drop a stale upload, print the state
#   install  HOME RELEASE SHA256 SVC KEY
#                                       verify, unpack, switch `current`, restart the service;
#                                       KEY: a public key PEM to trust (flash --trust-key) or ""
#   activate HOME TARGET SVC            point `current` at TARGET and restart (rollback);
#                                       an empty TARGET stops the service and removes `current`
#   config   HOME TARGET                print the config of an installed release
#   confirm  HOME RELEASE               the release answered: the on-board rollback stands down
# install's SECONDS URL VERSION (after KEY): unless SECONDS is 0, the board itself reverts the
# release when it is not confirmed within SECONDS of its restart (HOME/rollback.sh, see below).
# Layout under HOME: releases/RELEASE/ (one per bundle), current -> releases/RELEASE,
# previous (the release before the last install), incoming/ (uploads), lightwire.service,
# trusted-key.pem (the Ed25519 key every bundle must then be signed with).
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

# Checks the staged bundle's SIGNATURE (Ed25519 over MANIFEST then SHA256SUMS) with openssl.
# The key: the board's trusted-key.pem; when it has none, the one flash --trust-key gave ($1),
# else the signed bundle's own SIGNING-KEY.pem (trust on first use). Sets $trust to the key file
# to keep as trusted-key.pem once the install goes on, "" when there is nothing new to keep.
verify_signature() {
  given=$1
  key=""
  trust=""
  if [ -f trusted-key.pem ]; then
    key=trusted-key.pem
    if [ -n "$given" ] && [ "$(printf '%s\n' "$given")" != "$(cat trusted-key.pem)" ]; then
      fail "the board already trusts another signing key ($home/trusted-key.pem); delete that" \
        "file on the board to trust a new one"
    fi
  elif [ -n "$given" ]; then
    printf '%s\n' "$given" >"$stage/.trusted-key.pem"
    key="$stage/.trusted-key.pem"
    trust=$key
  elif [ -f "$stage/SIGNATURE" ]; then
    key="$stage/SIGNING-KEY.pem"
    trust=$key
  fi
  if [ -z "$key" ]; then
    echo "unsigned bundle accepted: the board trusts no signing key yet"
    return 0
  fi
  [ -f "$stage/SIGNATURE" ] ||
    fail "the bundle is not signed, and this board takes only bundles signed by its trusted key"
  command -v openssl >/dev/null 2>&1 || fail "the board has no openssl to check the signature"
  cat "$stage/MANIFEST" "$stage/SHA256SUMS" >"$stage/.signed"
  openssl pkeyutl -verify -pubin -inkey "$key" -rawin -in "$stage/.signed" \
    -sigfile "$stage/SIGNATURE" >/dev/null 2>&1 ||
    fail "the bundle's signature does not verify with the trusted key: it was signed with" \
      "another key or changed after signing"
  rm -f "$stage/.signed"
  if [ -n "$trust" ]; then
    echo "signature verified on the board; its key is trusted from now on"
  else
    echo "signature verified on the board with its trusted key"
  fi
}

# Arms the on-board rollback before a restart: HOME/pending names the release on trial, and
# HOME/rollback.sh runs detached from this SSH session: as a transient systemd unit
# (systemd-run) when the service command is the real systemctl, else under nohup setsid. It ends when `pending` goes (flash confirmed) or the
# release answers its /status with its version and a running application when it has one (curl,
# when the board has it); else it reverts.
arm_rollback() {
  # sh has no local variables: these names are this function's own.
  trial=$1 fallback=$2 seconds=$3 svc=$4 url=$5 version=$6
  [ "$seconds" -gt 0 ] || { rm -f pending; return 0; }
  cat >rollback.sh.new <<'WATCHDOG'
#!/bin/sh
# Lightwire on-board rollback (written by `lightwire flash`): reverts RELEASE unless confirmed.
home=$1 release=$2 previous=$3 seconds=$4 svc=$5 url=$6 version=$7
cd "$home" || exit 1
app=$(sed -n 's/^app-module=//p' "$release/MANIFEST" 2>/dev/null)
echo $$ >rollback.pid
i=0
# Only while `pending` names this release: a later flash's trial is not this watchdog's business.
while [ "$i" -lt "$seconds" ] && [ "$(cat pending 2>/dev/null)" = "$release" ]; do
  # Ready: /status answers with the release's version and, when the release carries an
  # application, that application is running (the same rule as flash's own health check).
  if [ -n "$url" ] && command -v curl >/dev/null 2>&1 &&
    answer=$(curl -fsS --max-time 2 "$url" 2>/dev/null) &&
    printf '%s' "$answer" | grep -q "\"version\":\"$version\"" &&
    { [ -z "$app" ] || printf '%s' "$answer" | grep -q '"app":{[^}]*"state":"running"'; }; then
    rm -f pending
    echo "$(date -u '+%F %T') $release answered: confirmed" >>rollback.log
  fi
  sleep 1
  i=$((i + 1))
done
if [ "$(cat pending 2>/dev/null)" = "$release" ] && [ "$(readlink current)" = "$release" ]; then
  rm -f pending
  echo "$(date -u '+%F %T') $release not ready within $seconds s: back to ${previous:-nothing}" >>rollback.log
  if [ -n "$previous" ] && [ -d "$previous" ]; then
    ln -sfn "$previous" current.new && mv -Tf current.new current
    $svc restart lightwire.service
  else
    $svc stop lightwire.service
    rm -f current
  fi
fi
rm -f rollback.pid
WATCHDOG
  mv -f rollback.sh.new rollback.sh
  printf '%s\n' "$trial" >pending
  # A watchdog of an earlier flash that still runs stands down: `pending` names another release.
  case "$svc" in
    systemctl | "sudo -n systemctl")
      runner=${svc%systemctl}systemd-run
      # shellcheck disable=SC2086
      $runner --unit=lightwire-rollback --collect --quiet \
        sh "$home/rollback.sh" "$home" "$trial" "$fallback" "$seconds" "$svc" "$url" "$version" ||
        fail "cannot start the on-board rollback ($runner)"
      ;;
    *)
      setsid nohup sh "$home/rollback.sh" "$home" "$trial" "$fallback" "$seconds" "$svc" \
        "$url" "$version" </dev/null >>rollback.log 2>&1 &
      ;;
  esac
  echo "on-board rollback armed: $trial must answer within $seconds s"
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
    given_key=${6:-}
    rollback_seconds=${7:-0}
    rollback_url=${8:-}
    rollback_version=${9:-}
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
    present=$(cd "$stage" && find . -type f ! -path ./SHA256SUMS ! -path ./SIGNATURE \
      ! -path ./SIGNING-KEY.pem | wc -l)
    [ "$listed" -eq "$present" ] || fail "the bundle has $present files, SHA256SUMS lists $listed"
    grep -qx "release=$release" "$stage/MANIFEST" || fail "MANIFEST is not release $release"
    echo "verified on the board: $listed files match SHA256SUMS"
    verify_signature "$given_key"
    if [ -n "$trust" ]; then
      cp "$trust" trusted-key.pem.new
      mv -f trusted-key.pem.new trusted-key.pem
    fi
    rm -f "$stage/.trusted-key.pem"
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
    arm_rollback "releases/$release" "$old" "$rollback_seconds" "$svc" "$rollback_url" \
      "$rollback_version"
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
    rm -f pending # flash rolls back itself: the on-board rollback stands down
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
  confirm)
    cd "$home"
    if [ "$(cat pending 2>/dev/null || true)" = "$3" ]; then
      rm -f pending
      echo "confirmed $3: the on-board rollback stands down"
    fi
    ;;
  config)
    cat "$home/$3/config/lightwire.properties" || fail "$3 has no config"
    ;;
  *)
    fail "unknown step $cmd"
    ;;
esac

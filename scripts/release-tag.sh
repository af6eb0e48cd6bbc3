#!/usr/bin/env bash
# Tags a release of the action the way actions/typescript-action's script/release and the actions/toolkit
# versioning guide do: the version tag vX.Y.Z on HEAD (created once, never moved) and the major tag vX moved
# to it, so that `uses: OWNER/iam-policy-gate@v1` runs the newest v1.y.z; both are pushed to the remote.
# The release workflow (.github/workflows/release.yml) runs it after CI; a maintainer can run it by hand.
# Usage: bash scripts/release-tag.sh vX.Y.Z [remote]
set -euo pipefail

fail() {
  echo "release: $*" >&2
  exit 2
}

version="${1:-}"
remote="${2:-origin}"
[[ "$version" =~ ^v([0-9]+)\.([0-9]+)\.([0-9]+)$ ]] || fail "'$version' is not a version tag vX.Y.Z (e.g. v1.2.3)."
major="v${BASH_REMATCH[1]}"

cd "$(git rev-parse --show-toplevel)"
[ -z "$(git status --porcelain --untracked-files=no)" ] || fail 'the working tree has uncommitted changes; release a commit.'
declared="$(node -p 'require("./package.json").version')"
[ "v$declared" = "$version" ] ||
  fail "package.json says version $declared, not ${version#v}: run 'npm version ${version#v} --no-git-tag-version', commit it, and release that commit."

git fetch --quiet --tags --force "$remote"
head="$(git rev-parse HEAD)"
tagged="$(git rev-parse --quiet --verify "refs/tags/$version^{commit}" || true)"
[ -z "$tagged" ] || [ "$tagged" = "$head" ] ||
  fail "$version already tags $tagged, not HEAD ($head): a released version never moves; release a new one."

# The major tag must only move forward: releasing v1.2.4 after v1.3.0 would hand v1's users the older line.
newest="$(git tag --list "$major.*.*" | grep -E "^$major\.[0-9]+\.[0-9]+$" | sort -V | tail -n 1 || true)"
if [ -n "$newest" ] && [ "$newest" != "$version" ] &&
  [ "$(printf '%s\n%s\n' "$newest" "$version" | sort -V | tail -n 1)" != "$version" ]; then
  fail "$newest is newer than $version; $major stays on $newest. Release a version above it."
fi

[ -n "$tagged" ] || git tag --annotate "$version" --message "$version"
git tag --force --annotate "$major" --message "$major: $version" "$version^{commit}"
git push --quiet "$remote" "refs/tags/$version"
git push --quiet --force "$remote" "refs/tags/$major"
echo "release: $version at $head; $major now points to it."

#!/usr/bin/env bash
# Regenerates the migrations of both providers after the model changed.
#   scripts/migrations.sh NAME        add a migration named NAME to both providers
#   scripts/migrations.sh --reset     drop all migrations and create InitialCreate anew
#                                     (only while nothing has been released)
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
web=src/SmeMonitor.Web
name=${1:?usage: scripts/migrations.sh NAME | --reset}
if [ "$name" = "--reset" ]; then
  # Before the build: the migrations are added with --no-build, so the old ones must be out of the assembly.
  rm -rf "$web/Migrations"
  name=InitialCreate
fi
dotnet build "$web" -v q -nologo > /tmp/migrations-build.log || { cat /tmp/migrations-build.log; exit 1; }
for provider in Sqlite Postgres; do
  dotnet ef migrations add "$name" --no-build --project "$web" --context "${provider}SmeDbContext" \
    --output-dir "Migrations/$provider" >/dev/null
  echo "added $name for $provider"
done

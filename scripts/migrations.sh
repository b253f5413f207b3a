#!/usr/bin/env bash
# Regenerates the migrations and the compiled models of both providers after the model changed.
#   scripts/migrations.sh NAME        add a migration named NAME to both providers
#   scripts/migrations.sh --reset     drop all migrations and create InitialCreate anew
#                                     (only while nothing has been released)
# The compiled models (src/SmeMonitor.Web/CompiledModels, `dotnet ef dbcontext optimize`) make the cold
# start faster; the app uses one only when it matches the running modules (see Data/CompiledModels.cs).
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
# The old compiled models may refer to entities that are gone: out of the build too (the app runs without them).
rm -rf "$web/CompiledModels"
dotnet build "$web" -v q -nologo > /tmp/migrations-build.log || { cat /tmp/migrations-build.log; exit 1; }
for provider in Sqlite Postgres; do
  dotnet ef migrations add "$name" --no-build --project "$web" --context "${provider}SmeDbContext" \
    --output-dir "Migrations/$provider" >/dev/null
  echo "added $name for $provider"
  dotnet ef dbcontext optimize --no-build --project "$web" --context "${provider}SmeDbContext" \
    --output-dir "CompiledModels/$provider" --namespace "SmeMonitor.Web.CompiledModels.$provider" -- --fingerprint >/dev/null
  # Without this attribute EF never picks the compiled model up by itself: CompiledModels.Find checks it first.
  rm "$web/CompiledModels/$provider/${provider}SmeDbContextAssemblyAttributes.cs"
  echo "compiled the model for $provider"
done

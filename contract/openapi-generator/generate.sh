#!/usr/bin/env bash
# Generates a client from the kit's openapi.yaml with openapi-generator's CLI:
#
#   generate.sh GENERATOR OUTDIR [more generator flags]
#
# such as `generate.sh python python/build/client --package-name slack_client`. OUTDIR is
# emptied first. The CLI jar comes from Maven Central, through Maven, into build/ beside this
# script (once). java/pom.xml runs the same generator as a Maven plugin: the two versions must
# agree.
set -euo pipefail

VERSION=7.25.0
here=$(cd "$(dirname "$0")" && pwd)
spec=$(cd "$here/../.." && pwd)/openapi.yaml

if ! grep -q "<openapi-generator.version>$VERSION</openapi-generator.version>" "$here/java/pom.xml"; then
  echo "generate.sh: java/pom.xml pins another openapi-generator than $VERSION: pin one version in both" >&2
  exit 1
fi

jar=$here/build/openapi-generator-cli-$VERSION.jar
if [ ! -f "$jar" ]; then
  mkdir -p "$here/build"
  mvn -B -q org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
    -Dartifact=org.openapitools:openapi-generator-cli:$VERSION -DoutputDirectory="$here/build" \
    >"$here/build/fetch.log" 2>&1 || { cat "$here/build/fetch.log" >&2; exit 1; }
fi

generator=$1 out=$2
shift 2
rm -rf "$out"
mkdir -p "$(dirname "$out")"
# skipFormModel=false: the generator otherwise leaves out the models that only a form body
# uses, which some languages' APIs still import. The inline answers (allOf SlackResponse and
# more fields) get names, as java/pom.xml gives them.
java -jar "$jar" generate --input-spec "$spec" --generator-name "$generator" --output "$out" \
  --global-property skipFormModel=false,apiTests=false,modelTests=false,apiDocs=false,modelDocs=false \
  --inline-schema-name-mappings admin_users_session_list_200_response=SessionListAnswer,admin_users_session_getSettings_200_response=SessionSettingsAnswer,auth_test_200_response=AuthTestAnswer,api_test_200_response=ApiTestAnswer \
  "$@" >"$out.log" 2>&1 || { cat "$out.log" >&2; exit 1; }

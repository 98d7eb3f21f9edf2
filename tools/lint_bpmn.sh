#!/usr/bin/env bash
# Lint BPMN diagrams with bpmnlint (rules: .bpmnlintrc at the repo root).
#
#   tools/lint_bpmn.sh              # every bpmn/*.bpmn
#   tools/lint_bpmn.sh FILE...      # the given files
#
# Why a wrapper: bpmnlint 11 exits 0 and prints nothing for a path that does
# not exist (and for an unmatched glob), so a plain `npx bpmnlint bpmn/*.bpmn`
# passes when there is nothing to lint. This fails instead.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$#" -eq 0 ]; then
  shopt -s nullglob
  set -- bpmn/*.bpmn
  shopt -u nullglob
  if [ "$#" -eq 0 ]; then
    echo "lint_bpmn: no diagrams in bpmn/" >&2
    exit 1
  fi
fi

for f in "$@"; do
  if [ ! -f "$f" ]; then
    echo "lint_bpmn: no such file: $f" >&2
    exit 1
  fi
done

if [ ! -x node_modules/.bin/bpmnlint ]; then
  echo "lint_bpmn: bpmnlint not installed: run 'npm ci' first" >&2
  exit 1
fi

# Warnings (fake-join, superfluous-gateway, ...) fail too: all diagrams are clean now.
node_modules/.bin/bpmnlint --max-warnings 0 "$@"
echo "lint_bpmn: $# diagram(s) checked, no errors or warnings"

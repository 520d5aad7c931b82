#!/usr/bin/env bash
# Fuzzes each target (all six by default) for SECONDS, one after another, from its seeds and
# what earlier runs kept in build/fuzz/tests/fuzz/corpus/TARGET, with the options the ctests
# use. A crash stops that target and leaves its input in build/fuzz/tests/fuzz/artifacts/.
# Needs `cmake --preset fuzz && cmake --build --preset fuzz` first.
#   tests/fuzz/fuzz_for.sh 300                    # the longer runs of docs/reliability.md
#   tests/fuzz/fuzz_for.sh 60 npy_reader
set -uo pipefail
cd "$(dirname "$0")/../.."

[ $# -ge 1 ] || { echo "usage: tests/fuzz/fuzz_for.sh SECONDS [TARGET...]" >&2; exit 2; }
seconds=$1
shift
targets=("$@")
[ ${#targets[@]} -gt 0 ] ||
  targets=(config_parser idx_reader npy_reader model_loader weights_loader descriptor_checks)

declare -A dictionaries=([config_parser]=json_config.dict [npy_reader]=npy.dict
                         [model_loader]=model_file.dict [weights_loader]=model_file.dict)
build=build/fuzz/tests/fuzz
status=0
for target in "${targets[@]}"; do
  options=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
           -artifact_prefix="$build/artifacts/$target-")
  [ -n "${dictionaries[$target]:-}" ] && options+=(-dict="tests/fuzz/${dictionaries[$target]}")
  mkdir -p "$build/corpus/$target" "$build/artifacts"
  echo "== $target: ${options[*]}"
  "$build/fuzz_$target" "${options[@]}" "$build/corpus/$target" "tests/fuzz/corpus/$target" ||
    status=1
done
exit $status

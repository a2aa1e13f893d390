#!/bin/sh
# Compares kehoach with docxtemplater (DOCX) and LibreOffice (PDF) on the
# same documents: the issuer's plan and the three documents of
# th-nguyen-binh-khiem, from the embedded 2025 sample. Run from the
# repository root:
#
#   (mkdir -p /tmp/dxt && cd /tmp/dxt && npm init -y >/dev/null && npm install docxtemplater pizzip)
#   DXT_MODULES=/tmp/dxt/node_modules sh docs/bench/compare.sh
#
# Needs Go, Node 18 or newer, LibreOffice (soffice) and taskset
# (util-linux). Everything is written under $WORK (default
# /tmp/kehoach-bench); nothing in the repository. RUNS (default 3) is how
# many times each measurement is repeated; the load average is printed
# before each, so that a run on a busy machine can be told and repeated.
# Every timing but the LibreOffice ones is pinned to one core (taskset -c
# 0, GOMAXPROCS=1); LibreOffice converts on one thread anyway.
set -eu

WORK=${WORK:-/tmp/kehoach-bench}
RUNS=${RUNS:-3}
BATCH=${BATCH:-20} # LibreOffice converts this many copies of each document in one invocation
DOCS="issuer-ke-hoach school-ke-hoach school-bao-cao-6-thang school-bao-cao-nam"
: "${DXT_MODULES:?set DXT_MODULES to the node_modules folder holding docxtemplater and pizzip (see the top of this script)}"
export DXT_MODULES
for tool in go node soffice taskset; do
	command -v $tool >/dev/null || { echo "compare.sh: $tool not found" >&2; exit 1; }
done
[ -f go.mod ] && grep -q '^module kehoach$' go.mod || { echo "compare.sh: run from the repository root" >&2; exit 1; }

load() { echo "$(date +%T), load $(cut -d' ' -f1-3 /proc/loadavg)"; }
now() { date +%s%N; }
ms() { echo "$1 $2" | awk '{ printf "%.0f", ($2 - $1) / 1e6 }'; }

# only what this script makes is removed
rm -rf "$WORK/docs" "$WORK"/batch-* "$WORK"/lo-one "$WORK"/lo-batch "$WORK"/lo-4 "$WORK"/lo-warm "$WORK/cli"
mkdir -p "$WORK/docs"
echo "== inputs: $WORK/docs (kehoach's DOCX and PDF, docxtemplater's template and data)"
go test ./docs/bench -count 1 -run Export -export "$WORK/docs" >/dev/null
ls -l "$WORK"/docs/ | awk 'NR > 1 { print "   ", $5, $NF }'
go test -c -o "$WORK/bench.test" ./docs/bench
go build -o "$WORK/kehoach" ./cmd/kehoach

echo
echo "== DOCX: docxtemplater (open + compile + render + DEFLATE zip, per document; one core)"
for i in $(seq "$RUNS"); do
	echo "-- run $i, $(load)"
	taskset -c 0 node docs/bench/docxtemplater.mjs "$WORK/docs" 200 50
done

echo
echo "== DOCX and PDF: kehoach (go test -bench, one goroutine, one core)"
for i in $(seq "$RUNS"); do
	echo "-- run $i, $(load)"
	(cd docs/bench && GOMAXPROCS=1 taskset -c 0 "$WORK/bench.test" -test.run '^$' -test.bench . -test.benchmem) | grep '^Benchmark'
done

echo
echo "== PDF: LibreOffice $(soffice --version | awk '{ print $2 }') (soffice --headless --convert-to pdf, wall time, start-up included)"
profile="file://$WORK/lo-profile"
convert() { # outdir files...
	out=$1
	shift
	soffice -env:UserInstallation="$profile" --headless --convert-to pdf --outdir "$out" "$@" >/dev/null 2>&1
}
convert "$WORK/lo-warm" "$WORK/docs/school-ke-hoach.docx" # makes the profile: not timed
n=$BATCH
for d in $DOCS; do
	mkdir -p "$WORK/batch-$d"
	for c in $(seq "$n"); do cp "$WORK/docs/$d.docx" "$WORK/batch-$d/$d-$c.docx"; done
done
for i in $(seq "$RUNS"); do
	echo "-- run $i, $(load)"
	for d in $DOCS; do
		t0=$(now)
		convert "$WORK/lo-one" "$WORK/docs/$d.docx"
		t1=$(ms "$t0" "$(now)")
		t0=$(now)
		convert "$WORK/lo-batch" "$WORK/batch-$d"/*.docx
		tn=$(ms "$t0" "$(now)")
		echo "   $d: 1 file $t1 ms; $n copies in one invocation $tn ms, $((tn / n)) ms/doc; without start-up ($tn - $t1) / $((n - 1)) = $(((tn - t1) / (n - 1))) ms/doc"
	done
	t0=$(now)
	convert "$WORK/lo-4" $(for d in $DOCS; do echo "$WORK/docs/$d.docx"; done)
	t4=$(ms "$t0" "$(now)")
	echo "   the 4 documents in one invocation: $t4 ms, $((t4 / 4)) ms/doc"
done
echo "   sizes and pages, LibreOffice / kehoach:"
for d in $DOCS; do
	echo "     $d.pdf: $(wc -c <"$WORK/lo-one/$d.pdf") / $(wc -c <"$WORK/docs/$d.pdf") bytes, $(pdfinfo "$WORK/lo-one/$d.pdf" 2>/dev/null | awk '/^Pages/ { print $2 }') / $(pdfinfo "$WORK/docs/$d.pdf" 2>/dev/null | awk '/^Pages/ { print $2 }') pages"
done

echo
echo "== PDF: kehoach generate --format pdf (built binary, one core, wall time: start-up, staging and fsync of every file included)"
cli() { # label args...
	label=$1
	shift
	rm -rf "$WORK/cli"
	t0=$(now)
	GOMAXPROCS=1 taskset -c 0 "$WORK/kehoach" generate --format pdf --out "$WORK/cli" -q "$@" >/dev/null 2>&1
	t=$(ms "$t0" "$(now)")
	k=$(find "$WORK/cli" -name '*.pdf' | wc -l)
	[ "$k" -gt 0 ] || { echo "compare.sh: kehoach generate $* wrote nothing" >&2; exit 1; }
	echo "   $label: $k files, $t ms, $((t / k)) ms/doc" >&2
	echo "$t $k"
}
cli "warm-up, not counted" --school th-nguyen-binh-khiem --doc plan >/dev/null
for i in $(seq "$RUNS"); do
	echo "-- run $i, $(load)"
	set -- $(cli "1 file (the school's plan)" --school th-nguyen-binh-khiem --doc plan)
	t1=$1
	cli "4 files (the same as LibreOffice's)" --school th-nguyen-binh-khiem --doc issuer,plan,report-6m,report-year >/dev/null
	set -- $(cli "every document of the sample")
	echo "   without start-up: ($2 files - 1 file) / $(($2 - 1)) = ($1 - $t1) / $(($2 - 1)) = $(echo "$1 $t1 $2" | awk '{ printf "%.1f", ($1 - $2) / ($3 - 1) }') ms/doc"
done

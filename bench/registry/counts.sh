#!/usr/bin/env bash
# Counting cases against reading the case tallies (migration 0026), and the case search taken
# whole against in part, side by side on one PostgreSQL database: each query as the store writes
# it, the median of 5 runs of its server-side execution time (EXPLAIN ANALYZE).
#
# Usage: bash bench/registry/counts.sh URL [COPIES]
#   URL     a Hifazat database (e.g. one seeded by `hifazat serve --demo`)
#   COPIES  first add COPIES synthetic copies of every case already there (new references, the
#           same places, kinds, stages and dates), through the same triggers that keep the
#           tallies, and say how long that took: a quick way to a million cases for these
#           queries (the copies have no persons, hearings or history).
set -euo pipefail
URL="$1"
COPIES="${2:-0}"
q() { psql "$URL" -qAtX -v ON_ERROR_STOP=1 -c "$1"; }

if [ "$COPIES" -gt 0 ]; then
  before=$(q "SELECT COUNT(*) FROM cases")
  start=$(date +%s.%N)
  q "INSERT INTO cases (reference, kind, scope, stage, district_code, province_code, agency_id, fir_number, fir_date,
       reported_on, origin_district, exit_point, transit_points, elements, summary, created_at, last_activity_at)
     SELECT c.reference || '-C' || g, c.kind, c.scope, c.stage, c.district_code, c.province_code, c.agency_id,
       CASE WHEN c.fir_number IS NULL THEN NULL ELSE c.fir_number || '-C' || g END, c.fir_date,
       c.reported_on, c.origin_district, c.exit_point, c.transit_points, c.elements, c.summary, c.created_at, c.last_activity_at
     FROM cases c CROSS JOIN generate_series(1, $COPIES) g" >/dev/null
  end=$(date +%s.%N)
  q "VACUUM (ANALYZE) cases" >/dev/null; q "ANALYZE" >/dev/null
  echo "Copied $before cases $COPIES times in $(echo "$end - $start" | bc) s (tallies kept by the triggers)."
fi

CASES=$(q "SELECT COUNT(*) FROM cases")
TALLIES=$(q "SELECT (SELECT COUNT(*) FROM case_counts) || ' + ' || (SELECT COUNT(*) FROM case_months)")
CHECK=$(q "SELECT CASE WHEN (SELECT SUM(n) FROM case_counts) = (SELECT COUNT(*) FROM cases) THEN 'equal' ELSE 'DIFFERENT' END")
REF=$(q "SELECT reference FROM cases WHERE district_code = 'LHR' ORDER BY id DESC LIMIT 1")
MONTH=$(q "SELECT TO_CHAR(CURRENT_DATE - INTERVAL '11 months', 'YYYY-MM')")
OPEN="NOT IN ('convicted', 'acquitted', 'compounded', 'closed_untraced', 'closed_cancelled', 'closed_transferred')"

ms() {
  for _ in 1 2 3 4 5; do
    q "EXPLAIN (ANALYZE, TIMING OFF) $1" | sed -n 's/^Execution Time: \([0-9.]*\) ms$/\1/p'
  done | sort -n | sed -n 3p
}
row() { printf '| %s | %s | %s |\n' "$1" "$(ms "$2")" "$(ms "$3")"; }

echo
echo "$CASES cases; $TALLIES tally rows; the tallies' sum and the count of cases are $CHECK."
echo
echo "| Query (ms, median of 5) | counting the cases | from the tallies |"
echo "|---|---|---|"
row "List total, whole country" \
  "SELECT COUNT(*) FROM cases c WHERE 1 = 1" \
  "SELECT CAST(COALESCE(SUM(c.n), 0) AS BIGINT) FROM case_counts c WHERE 1 = 1"
row "List total, a province, one stage" \
  "SELECT COUNT(*) FROM cases c WHERE c.province_code = 'PK-PB' AND c.stage = 'under_investigation'" \
  "SELECT CAST(COALESCE(SUM(c.n), 0) AS BIGINT) FROM case_counts c WHERE c.province_code = 'PK-PB' AND c.stage = 'under_investigation'"
row "List total, a district" \
  "SELECT COUNT(*) FROM cases c WHERE c.district_code = 'LHR'" \
  "SELECT CAST(COALESCE(SUM(c.n), 0) AS BIGINT) FROM case_counts c WHERE c.district_code = 'LHR'"
row "Monitoring: by stage, whole country" \
  "SELECT c.stage, COUNT(*) FROM cases c GROUP BY c.stage" \
  "SELECT c.stage, CAST(COALESCE(SUM(c.n), 0) AS BIGINT) FROM case_counts c GROUP BY c.stage"
row "Monitoring: by district, kind and open, whole country" \
  "SELECT c.district_code, c.kind, CASE WHEN c.stage $OPEN THEN 1 ELSE 0 END, COUNT(*) FROM cases c GROUP BY 1, 2, 3" \
  "SELECT c.district_code, c.kind, CASE WHEN c.stage $OPEN THEN 1 ELSE 0 END, CAST(COALESCE(SUM(c.n), 0) AS BIGINT) FROM case_counts c GROUP BY 1, 2, 3"
row "Monitoring: last 12 months by kind, whole country" \
  "SELECT SUBSTR(c.reported_on, 1, 7), c.kind, COUNT(*) FROM cases c WHERE c.reported_on >= '$MONTH-01' GROUP BY 1, 2" \
  "SELECT c.month, c.kind, CAST(COALESCE(SUM(c.n), 0) AS BIGINT) FROM case_months c WHERE c.month >= '$MONTH' GROUP BY 1, 2"
row "Monitoring: open cases by month, a province" \
  "SELECT SUBSTR(c.reported_on, 1, 7), COUNT(*) FROM cases c WHERE c.province_code = 'PK-PB' AND c.stage $OPEN GROUP BY 1" \
  "SELECT c.month, CAST(COALESCE(SUM(c.n), 0) AS BIGINT) FROM case_months c WHERE c.province_code = 'PK-PB' AND c.open = 1 GROUP BY 1"
echo
echo "| Search for a whole reference (ms, median of 5) | inside every reference (before) | whole first (now) |"
echo "|---|---|---|"
row "$REF, whole country" \
  "SELECT c.id FROM cases c WHERE (UPPER(c.reference) LIKE '%$REF%' OR UPPER(c.fir_number) LIKE '%$REF%' OR EXISTS (SELECT 1 FROM case_persons v WHERE v.case_id = c.id AND v.victim_code = '$REF')) ORDER BY c.reported_on DESC, c.id DESC LIMIT 50" \
  "SELECT c.id FROM cases c WHERE c.id IN (SELECT r.id FROM cases r WHERE r.reference = '$REF' UNION SELECT r.id FROM cases r WHERE r.fir_number = '$REF' UNION SELECT v.case_id FROM case_persons v WHERE v.victim_code = '$REF') ORDER BY c.reported_on DESC, c.id DESC LIMIT 50"

#!/usr/bin/env bash
# Query plans of the registry's main queries (PostgreSQL), as the store writes them, on the
# benchmark database: bash bench/registry/plans.sh postgres://postgres@127.0.0.1:5432/hifazat_bench
set -euo pipefail
URL="$1"
SUMMARY="c.id, c.reference, c.kind, c.scope, c.stage, c.district_code, c.province_code, c.fir_number, c.fir_date,
  c.reported_on, c.last_activity_at, a.name AS agency,
  (SELECT COUNT(*) FROM case_persons cp WHERE cp.case_id = c.id AND cp.role = 'accused') AS accused_count"
REF=$(psql "$URL" -qtAc "SELECT reference FROM cases WHERE district_code = 'LHR' ORDER BY id DESC LIMIT 1")
ID=$(psql "$URL" -qtAc "SELECT id FROM cases WHERE reference = '$REF'")
plan() {
  echo "### $1"
  echo
  echo '```'
  psql "$URL" -qAt -c "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) $2"
  echo '```'
  echo
}
plan "Count, whole country (every list's true total)" "SELECT COUNT(*) AS n FROM cases c WHERE 1 = 1"
plan "List, whole country, page 1" "SELECT $SUMMARY FROM cases c LEFT JOIN agencies a ON a.id = c.agency_id WHERE 1 = 1 ORDER BY c.reported_on DESC, c.id DESC LIMIT 50 OFFSET 0"
plan "List, whole country, page 20" "SELECT $SUMMARY FROM cases c LEFT JOIN agencies a ON a.id = c.agency_id WHERE 1 = 1 ORDER BY c.reported_on DESC, c.id DESC LIMIT 50 OFFSET 950"
plan "List, a province, open cases at one stage" "SELECT $SUMMARY FROM cases c LEFT JOIN agencies a ON a.id = c.agency_id WHERE 1 = 1 AND c.province_code = 'PK-PB' AND c.stage = 'under_investigation' ORDER BY c.reported_on DESC, c.id DESC LIMIT 50"
plan "Count, a province, one stage" "SELECT COUNT(*) AS n FROM cases c WHERE 1 = 1 AND c.province_code = 'PK-PB' AND c.stage = 'under_investigation'"
plan "List, a district" "SELECT $SUMMARY FROM cases c LEFT JOIN agencies a ON a.id = c.agency_id WHERE 1 = 1 AND c.district_code = 'LHR' ORDER BY c.reported_on DESC, c.id DESC LIMIT 50"
plan "Search by reference (contains)" "SELECT $SUMMARY FROM cases c LEFT JOIN agencies a ON a.id = c.agency_id WHERE 1 = 1 AND (UPPER(c.reference) LIKE '%$REF%' OR UPPER(c.fir_number) LIKE '%$REF%' OR EXISTS (SELECT 1 FROM case_persons v WHERE v.case_id = c.id AND v.victim_code = '$REF')) ORDER BY c.reported_on DESC, c.id DESC LIMIT 50"
plan "Case page: persons" "SELECT cp.id, cp.role, cp.victim_code, p.uid, p.name_enc FROM case_persons cp JOIN persons p ON p.id = cp.person_id WHERE cp.case_id = $ID ORDER BY cp.id"
plan "Case page: history" "SELECT e.from_stage, e.to_stage, e.remark, e.at, u.username FROM case_events e LEFT JOIN users u ON u.id = e.user_id WHERE e.case_id = $ID AND e.at <= '9999' ORDER BY e.at, e.id"
plan "Monitoring: cases by stage, whole country" "SELECT c.stage, COUNT(*) FROM cases c GROUP BY c.stage"
# What monitoring reads besides the tallies: the next 30 days' hearings in a province (the slow
# one at 1M cases), and the oldest quiet open cases as the store orders them.
TODAY=$(date -u +%F)
IN30=$(date -u -d '+30 days' +%F)
QUIET=$(date -u -d '-60 days' +%FT%T)
OPEN="c.stage NOT IN ('convicted', 'acquitted', 'compounded', 'closed_untraced', 'closed_cancelled', 'closed_transferred')"
plan "Monitoring: hearings in the next 30 days, a province (counted)" "SELECT COUNT(*) AS n FROM hearings hr JOIN cases c ON c.id = hr.case_id WHERE 1 = 1 AND c.province_code = 'PK-PB' AND hr.hearing_date >= '$TODAY' AND hr.hearing_date <= '$IN30'"
plan "Monitoring: quiet open cases, a province, oldest first" "SELECT c.id AS id FROM cases c WHERE 1 = 1 AND c.province_code = 'PK-PB' AND $OPEN AND c.last_activity_at < '$QUIET' ORDER BY c.last_activity_at, c.district_code LIMIT 50"

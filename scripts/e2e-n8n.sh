#!/usr/bin/env bash
# End to end: the real n8n CLI loads the built n8n-nodes-keybs (N8N_CUSTOM_EXTENSIONS) and runs a workflow
# Manual Trigger -> KeyBS Order -> KeyBS Get -> KeyBS Route against a hub started here, then checks both the
# workflow's output and what the hub stored. Not part of `npm test`: n8n is ~2.3 GB and takes ~4 min to install.
#
#   scripts/e2e-n8n.sh   # installs n8n@2.8.4 into $N8N_E2E_DIR (default /tmp/n8n-e2e) once, then runs
#   KEEP_WORK=1 scripts/e2e-n8n.sh   # keeps the hub's and n8n's data, logs and output for a look
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
N8N_DIR=${N8N_E2E_DIR:-/tmp/n8n-e2e}
WORK=$(mktemp -d /tmp/keybs-n8n-e2e.XXXXXX)
HUB_PID=
cleanup() {
  [ -n "$HUB_PID" ] && kill "$HUB_PID" 2>/dev/null && wait "$HUB_PID" 2>/dev/null
  if [ -n "${KEEP_WORK:-}" ]; then echo "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
say() { echo "== $*"; }

# 1. n8n itself, apart from the workspace (its own lockfile-free scratch install).
if [ ! -x "$N8N_DIR/node_modules/.bin/n8n" ]; then
  say "installing n8n@2.8.4 into $N8N_DIR (~2.3 GB, a few minutes)"
  mkdir -p "$N8N_DIR"
  cat >"$N8N_DIR/package.json" <<'JSON'
{
  "name": "n8n-e2e",
  "private": true,
  "dependencies": { "n8n": "2.8.4" },
  "overrides": { "xlsx": "npm:@e965/xlsx@0.20.3" },
  "allowScripts": { "sqlite3": true }
}
JSON
  (cd "$N8N_DIR" && npm install --no-audit --no-fund --loglevel=error)
fi
N8N="$N8N_DIR/node_modules/.bin/n8n"
say "n8n $("$N8N" --version)"

# 2. The node package, built and laid out as n8n finds it in a custom extensions folder.
say "building connectors/n8n"
(cd "$ROOT" && npx tsc -b connectors/n8n && node connectors/n8n/scripts/copy-assets.mjs)
mkdir -p "$WORK/custom/n8n-nodes-keybs"
cp -R "$ROOT/connectors/n8n/package.json" "$ROOT/connectors/n8n/dist" "$WORK/custom/n8n-nodes-keybs/"

# 3. A hub of its own, with a test key.
say "starting the hub"
(cd "$ROOT" && npx tsc -b core)
node "$ROOT/core/dist/cli/main.js" keys create --env test --json --data-dir "$WORK/hub" >"$WORK/key.json"
KEY=$(node -p "JSON.parse(require('fs').readFileSync('$WORK/key.json','utf8')).secret")
node "$ROOT/core/dist/cli/main.js" serve --port 0 --data-dir "$WORK/hub" >"$WORK/hub.log" 2>&1 &
HUB_PID=$!
for _ in $(seq 1 200); do
  HUB_URL=$(grep -o 'listening on http://[0-9.:]*' "$WORK/hub.log" | head -1 | sed 's/listening on //') || true
  [ -n "${HUB_URL:-}" ] && break
  kill -0 "$HUB_PID" 2>/dev/null || { cat "$WORK/hub.log"; exit 1; }
  sleep 0.1
done
[ -n "${HUB_URL:-}" ] || { echo "the hub did not start"; cat "$WORK/hub.log"; exit 1; }
say "hub at $HUB_URL"

# 4. n8n's data: the credential (n8n encrypts it on import) and the workflow.
export N8N_USER_FOLDER="$WORK/n8n-home" N8N_CUSTOM_EXTENSIONS="$WORK/custom" N8N_ENCRYPTION_KEY=keybs-e2e-key \
  N8N_DIAGNOSTICS_ENABLED=false N8N_VERSION_NOTIFICATIONS_ENABLED=false N8N_PERSONALIZATION_ENABLED=false \
  DB_SQLITE_POOL_SIZE=1 N8N_LOG_LEVEL=info
cat >"$WORK/credentials.json" <<JSON
[{ "id": "keybsE2eCred01", "name": "KeyBS e2e", "type": "keyBsApi",
   "data": { "apiKey": "$KEY", "baseUrl": "$HUB_URL" } }]
JSON
REF='"credentials": { "keyBsApi": { "id": "keybsE2eCred01", "name": "KeyBS e2e" } }'
cat >"$WORK/wf.json" <<JSON
[{
  "id": "keybsE2eFlow001", "name": "KeyBS e2e", "active": false, "settings": { "executionOrder": "v1" },
  "nodes": [
    { "id": "5b0d6a3e-0000-4000-8000-000000000001", "name": "Start", "type": "n8n-nodes-base.manualTrigger",
      "typeVersion": 1, "position": [0, 0], "parameters": {} },
    { "id": "5b0d6a3e-0000-4000-8000-000000000002", "name": "Order", "type": "CUSTOM.keyBs", "typeVersion": 1,
      "position": [200, 0], $REF, "parameters": { "resource": "verification", "operation": "order",
      "supplier": "Meridian Components Sdn. Bhd.", "countryCode": "MY", "registrationId": "1287654-K",
      "package": "enhanced", "additionalFields": { "externalRef": "n8n-e2e" } } },
    { "id": "5b0d6a3e-0000-4000-8000-000000000003", "name": "Get", "type": "CUSTOM.keyBs", "typeVersion": 1,
      "position": [400, 0], $REF, "parameters": { "resource": "verification", "operation": "get",
      "verificationId": "={{ \$json.verification_id }}" } },
    { "id": "5b0d6a3e-0000-4000-8000-000000000004", "name": "Route", "type": "CUSTOM.keyBs", "typeVersion": 1,
      "position": [600, 0], $REF, "parameters": { "resource": "verification", "operation": "route" } }
  ],
  "connections": {
    "Start": { "main": [[{ "node": "Order", "type": "main", "index": 0 }]] },
    "Order": { "main": [[{ "node": "Get", "type": "main", "index": 0 }]] },
    "Get": { "main": [[{ "node": "Route", "type": "main", "index": 0 }]] }
  }
}]
JSON
say "importing the credential and the workflow"
for what in credentials workflow; do
  file=$([ "$what" = credentials ] && echo credentials.json || echo wf.json)
  "$N8N" "import:$what" --input="$WORK/$file" >>"$WORK/import.log" 2>&1 || { cat "$WORK/import.log"; exit 1; }
done

# 5. Run it and check what n8n printed and what the hub holds.
say "n8n execute --id=keybsE2eFlow001"
# After a failed run n8n can stay up (its task broker): the timeout bounds that.
timeout -k 10 300 "$N8N" execute --id=keybsE2eFlow001 --rawOutput >"$WORK/out.txt" 2>"$WORK/err.txt" || {
  cat "$WORK/out.txt" "$WORK/err.txt"
  exit 1
}
HUB_LIST=$(curl -s -H "Authorization: Bearer $KEY" "$HUB_URL/v1/verifications?external_ref=n8n-e2e")
OUT="$WORK/out.txt" HUB_LIST="$HUB_LIST" node <<'JS'
const fs = require('node:fs');
const text = fs.readFileSync(process.env.OUT, 'utf8');
const run = JSON.parse(text.slice(text.indexOf('{')));
const runData = run.data.resultData.runData;
const out = (node, output = 0) => (runData[node]?.[0]?.data?.main?.[output] ?? []).map((i) => i.json);
const fail = (message) => { console.error(`FAIL: ${message}`); console.error(text.slice(0, 4000)); process.exit(1); };
if (run.data.resultData.error) fail(`the run failed: ${run.data.resultData.error.message}`);
const [ordered] = out('Order');
if (!/^KBS-VR-\d{4}-\d{6,}$/.test(ordered?.verification_id ?? '')) fail('Order returned no verification_id');
if (ordered.country_tier !== 2 || ordered.estimated_sla !== 'PT6H') fail('Order: MY enhanced should be tier 2, PT6H');
const [got] = out('Get');
if (got?.verification_id !== ordered.verification_id) fail('Get did not read the ordered verification');
// Default rule: Pass needs confidence >= 0.8; no confidence yet is Pending (MY enhanced may already be in review).
const expected = got.confidence === null ? 2 : got.confidence >= 0.8 ? 0 : 1;
const routed = [0, 1, 2].map((o) => out('Route', o).map((v) => v.verification_id));
if (routed.flat().length !== 1 || routed[expected][0] !== ordered.verification_id) {
  fail(`Route should send it (confidence ${got.confidence}) to output ${expected + 1} only: ${JSON.stringify(routed)}`);
}
const hub = JSON.parse(process.env.HUB_LIST).data;
if (hub.length !== 1 || hub[0].verification_id !== ordered.verification_id) fail('the hub does not hold exactly that order');
const name = ['Pass', 'Review', 'Pending'][expected];
console.log(`OK: n8n ordered ${ordered.verification_id} (tier ${ordered.country_tier}, ${ordered.estimated_sla}), read it back`);
console.log(`    (${got.status}, confidence ${got.confidence}) and routed it to ${name}; the hub holds exactly that one.`);
JS

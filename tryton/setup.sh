#!/usr/bin/env bash
# Vendored from the team's shared Tryton probe (../shared/tryton/setup.sh) so that a fresh
# clone's CI can install and start the ERP the Tryton tests run against.
# tryton-setup.sh - local Tryton 6.0 ERP (Debian 12 packages) for integration
# tests/benchmarks: installs packages, creates + initialises a database with
# minimal master data (company, chart of accounts, fiscal years, tax, products
# with stock, one customer, an API user) and starts trytond on 127.0.0.1:PORT.
# Idempotent: every step checks before acting; safe to run again.
#
#   bash tryton-setup.sh          # install/init/start, print connection info
#   bash tryton-setup.sh stop     # stop the server started by this script
#   bash tryton-setup.sh drop     # stop + drop the database and its template
#   bash tryton-setup.sh clone NAME       # new DB NAME = copy of the freshly set-up
#                                         # DB (~0.7 s, PG; served at $URL/NAME/
#                                         # by the running server, no restart)
#   bash tryton-setup.sh drop-clone NAME  # drop such a clone (even if in use)
#
# Environment overrides (defaults in brackets):
#   TRYTON_PORT [8000]  TRYTON_DB [tryton_medusa]  TRYTON_HOME [/var/tmp/tryton-medusa]
#   TRYTON_BACKEND [postgresql|sqlite]  TRYTON_PG_ROLE [=$TRYTON_DB]
#   TRYTON_PG_PASSWORD [tryton-medusa-pg]  TRYTON_ADMIN_PASSWORD [admin-pw-123]
#   TRYTON_API_LOGIN [medusa]  TRYTON_API_PASSWORD [medusa-api-pw-9281]
#   TRYTON_WORKERS [1]  (>1: serve with gunicorn, N processes: ~2x throughput
#                        with 4 concurrent clients on 2 cores)
set -euo pipefail

PORT=${TRYTON_PORT:-8000}
DB=${TRYTON_DB:-tryton_medusa}
HOME_DIR=${TRYTON_HOME:-/var/tmp/tryton-medusa}
BACKEND=${TRYTON_BACKEND:-postgresql}
PG_ROLE=${TRYTON_PG_ROLE:-$DB}
PG_PASSWORD=${TRYTON_PG_PASSWORD:-tryton-medusa-pg}
ADMIN_PASSWORD=${TRYTON_ADMIN_PASSWORD:-admin-pw-123}
API_LOGIN=${TRYTON_API_LOGIN:-medusa}
API_PASSWORD=${TRYTON_API_PASSWORD:-medusa-api-pw-9281}
WORKERS=${TRYTON_WORKERS:-1}
PY=/usr/bin/python3           # NOT `python3`: pyenv shims may shadow it
CONF=$HOME_DIR/trytond.conf
PIDFILE=$HOME_DIR/trytond.pid
LOG=$HOME_DIR/trytond.log
URL=http://127.0.0.1:$PORT

log() { printf '[tryton-setup %s] %s\n' "$(date +%T)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
as_postgres() { runuser -u postgres -- "$@"; }
[ "$(id -u)" = 0 ] || die "run as root (apt-get, postgres superuser access)"
case "$DB$PG_ROLE" in *[!a-zA-Z0-9_]*) die "TRYTON_DB/TRYTON_PG_ROLE: use [a-zA-Z0-9_] only";; esac

server_alive() {
  [ -s "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null
}
# a server started from a folder that was deleted since (an old clone) fails on reports with
# "[Errno 2] No such file or directory": treat it as gone
server_cwd_gone() {
  [ -s "$PIDFILE" ] && readlink "/proc/$(cat "$PIDFILE")/cwd" 2>/dev/null | grep -q '(deleted)'
}
server_answers() {
  curl -fsS -m 3 -X POST -H 'Content-Type: application/json' \
    -d '{"id":0,"method":"common.server.version","params":[]}' "$URL/" 2>/dev/null | grep -q result
}
stop_server() {
  if server_alive; then
    local pid; pid=$(cat "$PIDFILE")
    log "stopping server pid $pid"
    kill "$pid"
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  fi
  rm -f "$PIDFILE"
}
pg_cluster() {  # prints "version name port status" of the first cluster
  pg_lsclusters -h 2>/dev/null | awk 'NR==1{print $1, $2, $3, $4}'
}
pg_port() { pg_cluster | awk '{print $3}'; }
pg_sql() { as_postgres psql -p "$(pg_port)" -v ON_ERROR_STOP=1 -qAtc "$1"; }

case "${1:-up}" in
  stop) stop_server; exit 0 ;;
  drop)
    stop_server
    if [ "$BACKEND" = sqlite ]; then rm -f "$HOME_DIR/$DB.sqlite" "$HOME_DIR/${DB}_template.sqlite"
    elif command -v pg_lsclusters >/dev/null; then
      pg_sql "DROP DATABASE IF EXISTS ${DB}_template" && pg_sql "DROP DATABASE IF EXISTS $DB" \
        && log "dropped databases $DB, ${DB}_template"
    fi
    exit 0 ;;
  clone|drop-clone)
    NAME=${2:?usage: $0 $1 NAME}
    case "$NAME" in *[!a-zA-Z0-9_]*) die "NAME: use [a-zA-Z0-9_] only";; esac
    if [ "$1" = clone ]; then
      if [ "$BACKEND" = sqlite ]; then cp "$HOME_DIR/${DB}_template.sqlite" "$HOME_DIR/$NAME.sqlite"
      else pg_sql "CREATE DATABASE $NAME TEMPLATE ${DB}_template OWNER $PG_ROLE"; fi
      echo "TRYTON_DB=$NAME"
    else
      if [ "$BACKEND" = sqlite ]; then rm -f "$HOME_DIR/$NAME.sqlite"
      else pg_sql "DROP DATABASE IF EXISTS $NAME WITH (FORCE)"; fi
    fi
    exit 0 ;;
  up) ;;
  *) die "usage: $0 [up|stop|drop|clone NAME|drop-clone NAME]" ;;
esac

T0=$(date +%s)
mkdir -p "$HOME_DIR"

# --- 1. packages -------------------------------------------------------------
PKGS="tryton-server tryton-modules-sale tryton-proteus python3-psycopg2 curl"
[ "$BACKEND" = postgresql ] && ! command -v pg_lsclusters >/dev/null && PKGS="$PKGS postgresql"
[ "$WORKERS" -gt 1 ] && PKGS="$PKGS gunicorn"
missing=$(for p in $PKGS; do dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed' || echo "$p"; done)
if [ -n "$missing" ]; then
  log "installing: $missing"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # --no-install-recommends: avoids LibreOffice etc. (~33 MB instead of ~1 GB)
  # shellcheck disable=SC2086
  apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

# --- 2. database -------------------------------------------------------------
if [ "$BACKEND" = postgresql ]; then
  read -r PGV PGN PGPORT PGSTATUS < <(pg_cluster) || die "no PostgreSQL cluster (pg_lsclusters)"
  if [ "$PGSTATUS" != online ]; then
    log "starting PostgreSQL $PGV/$PGN"
    pg_ctlcluster --skip-systemctl-redirect "$PGV" "$PGN" start || true
    for _ in $(seq 1 30); do [ "$(pg_cluster | awk '{print $4}')" = online ] && break; sleep 1; done
  fi
  pg_sql "SELECT 1" >/dev/null || die "PostgreSQL not reachable"
  if [ -z "$(pg_sql "SELECT 1 FROM pg_roles WHERE rolname='$PG_ROLE'")" ]; then
    pg_sql "CREATE ROLE $PG_ROLE LOGIN CREATEDB"
  fi
  pg_sql "ALTER ROLE $PG_ROLE PASSWORD '$PG_PASSWORD'"
  if [ -z "$(pg_sql "SELECT 1 FROM pg_database WHERE datname='$DB'")" ]; then
    log "creating database $DB"
    pg_sql "CREATE DATABASE $DB OWNER $PG_ROLE ENCODING 'UTF8' TEMPLATE template0"
    # test-only speedup: no fsync wait per commit (data may be lost on a crash)
    pg_sql "ALTER DATABASE $DB SET synchronous_commit = off"
  fi
  DB_URI="postgresql://$PG_ROLE:$PG_PASSWORD@127.0.0.1:$PGPORT/"
  db_initialised() {
    [ "$(PGPASSWORD=$PG_PASSWORD psql -h 127.0.0.1 -p "$PGPORT" -U "$PG_ROLE" -d "$DB" -qAtc \
      "SELECT state FROM ir_module WHERE name='sale'" 2>/dev/null)" = activated ]
  }
else
  DB_URI="sqlite://"
  [ -f "$HOME_DIR/$DB.sqlite" ] || : > "$HOME_DIR/$DB.sqlite"   # trytond needs the file
  db_initialised() {
    [ "$($PY -c "import sqlite3,sys
try: print(sqlite3.connect(sys.argv[1]).execute(\"select state from ir_module where name='sale'\").fetchone()[0])
except Exception: pass" "$HOME_DIR/$DB.sqlite")" = activated ]
  }
fi

cat > "$CONF" <<EOF
[database]
uri = $DB_URI
path = $HOME_DIR
list = False

[web]
listen = 127.0.0.1:$PORT
root = /nonexistent

[session]
# integration clients keep one session; default max_age is 30 days
max_age = 2592000
EOF
chmod 600 "$CONF"

if ! db_initialised; then
  log "initialising database $DB (modules: sale + dependencies)"
  umask 077; printf '%s\n' "$ADMIN_PASSWORD" > "$HOME_DIR/.adminpass"; umask 022
  TRYTONPASSFILE="$HOME_DIR/.adminpass" $PY /usr/bin/trytond-admin -c "$CONF" -d "$DB" \
    --all -u sale --activate-dependencies --email admin@example.com >"$HOME_DIR/admin.log" 2>&1 \
    || { tail -20 "$HOME_DIR/admin.log" >&2; die "trytond-admin failed"; }
  rm -f "$HOME_DIR/.adminpass"
fi

# --- 3. master data (proteus, direct DB access; idempotent per step) ---------
log "ensuring master data"
TRYTON_DB=$DB TRYTON_CONF=$CONF TRYTON_API_LOGIN=$API_LOGIN TRYTON_API_PASSWORD=$API_PASSWORD \
  $PY -W ignore - >"$HOME_DIR/masterdata.log" 2>&1 <<'PYEOF' || { tail -30 "$HOME_DIR/masterdata.log" >&2; die "master data failed"; }
import datetime, os
from decimal import Decimal
from dateutil.relativedelta import relativedelta
from proteus import Model, Wizard, config as pconfig

cfg = pconfig.set_trytond(os.environ['TRYTON_DB'], config_file=os.environ['TRYTON_CONF'])
M = Model.get
User, Company, Party = M('res.user'), M('company.company'), M('party.party')

# Currency + company (helpers inlined from trytond.modules.*.tests.tools:
# importing those packages requires DB_NAME and switches Pool.test on)
if not Company.find([]):
    Currency, Rate = M('currency.currency'), M('currency.currency.rate')
    usd = (Currency.find([('code', '=', 'USD')]) or [None])[0]
    if not usd:
        usd = Currency(name='U.S. Dollar', symbol='$', code='USD', rounding=Decimal('0.01'))
        usd.save()
        Rate(date=datetime.date.min, rate=Decimal(1), currency=usd).save()
    cp = Party(name='Probe Store Inc')
    cp.save()
    w = Wizard('company.company.config')
    w.execute('company')
    w.form.party, w.form.currency = cp, usd
    w.execute('add')
cfg._context = User.get_preferences(True, {})
company, = Company.find([])

# Chart of accounts from the "Minimal Account Chart" template in `account`
Account = M('account.account')
def accounts():
    acc = {}
    for kind in ['receivable', 'payable', 'revenue', 'expense']:
        acc[kind], = Account.find([('type.%s' % kind, '=', True), ('company', '=', company.id)], limit=1)
    acc['tax'], = Account.find([('company', '=', company.id), ('name', '=', 'Main Tax')], limit=1)
    return acc
if not Account.find([('company', '=', company.id)]):
    data, = M('ir.model.data').find([('module', '=', 'account'), ('fs_id', '=', 'account_template_root_en')])
    w = Wizard('account.create_chart')
    w.execute('account')
    w.form.account_template = M('account.account.template')(data.db_id)
    w.form.company = company
    w.execute('create_account')
    a = accounts()
    w.form.account_receivable, w.form.account_payable = a['receivable'], a['payable']
    w.execute('create_properties')
acc = accounts()

# Fiscal years (this year and next) with move + invoice sequences and periods
FiscalYear, Sequence, SequenceStrict, SequenceType = (M('account.fiscalyear'),
    M('ir.sequence'), M('ir.sequence.strict'), M('ir.sequence.type'))
today = datetime.date.today()
for d in (today, today + relativedelta(years=1)):
    if FiscalYear.find([('company', '=', company.id), ('start_date', '<=', d), ('end_date', '>=', d)]):
        continue
    fy = FiscalYear(name=str(d.year), company=company,
        start_date=d + relativedelta(month=1, day=1), end_date=d + relativedelta(month=12, day=31))
    st, = SequenceType.find([('name', '=', 'Account Move')], limit=1)
    move_seq = Sequence(name=str(d.year), sequence_type=st, company=company)
    move_seq.save()
    fy.post_move_sequence = move_seq
    st, = SequenceType.find([('name', '=', 'Invoice')], limit=1)
    inv_seq = SequenceStrict(name=str(d.year), sequence_type=st, company=company)
    inv_seq.save()
    s, = fy.invoice_sequences
    s.out_invoice_sequence = s.in_invoice_sequence = inv_seq
    s.out_credit_note_sequence = s.in_credit_note_sequence = inv_seq
    fy.save()
    fy.click('create_period')

Tax = M('account.tax')
tax = (Tax.find([('name', '=', 'VAT 10%')]) or [None])[0]
if not tax:
    tax = Tax(name='VAT 10%', description='VAT 10%', type='percentage', rate=Decimal('.10'),
        invoice_account=acc['tax'], credit_note_account=acc['tax'])
    tax.save()

Category = M('product.category')
def category(name, taxes=()):
    found = Category.find([('name', '=', name)])
    if found:
        return found[0]
    c = Category(name=name, accounting=True, account_revenue=acc['revenue'], account_expense=acc['expense'])
    c.customer_taxes.extend(taxes)
    c.save()
    return c
cat, cat_tax = category('Goods'), category('Goods (VAT 10%)', [tax])

PaymentTerm = M('account.invoice.payment_term')
if not PaymentTerm.find([('name', '=', 'Direct')]):
    pt = PaymentTerm(name='Direct')
    pt.lines.new(type='remainder')
    pt.save()

# Products (SKU = product code) and initial stock via a confirmed inventory
Template, Product, Uom = M('product.template'), M('product.product'), M('product.uom')
unit, = Uom.find([('name', '=', 'Unit')])
storage, = M('stock.location').find([('code', '=', 'STO')])
Inventory = M('stock.inventory')
inv = Inventory(location=storage)
for code, name, price, qty, c in [('SKU-001', 'T-Shirt', '10', 100, cat),
        ('SKU-002', 'Hoodie', '25', 50, cat), ('SKU-003', 'Cap', '9.90', 0, cat_tax)]:
    if Product.find([('code', '=', code)]):
        continue
    t = Template(name=name, code=code, type='goods', salable=True, default_uom=unit,
        sale_uom=unit, list_price=Decimal(price), account_category=c)
    t.save()
    if qty:
        line = inv.lines.new(product=t.products[0])
        line.quantity, line.expected_quantity = qty, 0
if inv.lines:
    inv.click('confirm')

Country = M('country.country')
us = (Country.find([('code', '=', 'US')]) or [None])[0]
if not us:
    us = Country(name='United States', code='US')
    us.save()
if not Party.find([('code', '=', 'CUST-DEMO')]):
    p = Party(name='Demo Customer', code='CUST-DEMO')
    a, = p.addresses
    a.street, a.city, a.postal_code, a.country = '1 Main St', 'Springfield', '12345', us
    p.contact_mechanisms.new(type='email', value='demo@example.com')
    p.save()

# Integration user (JSON-RPC login) with the groups needed for sales/stock/invoices
login = os.environ['TRYTON_API_LOGIN']
groups = M('res.group').find([('name', 'in', ['Sales', 'Sales Administrator', 'Stock',
    'Stock Administration', 'Account', 'Account Administration',
    'Product Administration', 'Party Administration'])])
api = (User.find([('login', '=', login)]) or [None])[0] or User(name='Medusa integration', login=login)
api.password = os.environ['TRYTON_API_PASSWORD']
for g in groups:
    if g not in api.groups:
        api.groups.append(g)
if company not in api.companies:
    api.companies.append(Company(company.id))
api.company = Company(company.id)
api.save()
wh, = M('stock.location').find([('type', '=', 'warehouse')], limit=1)
print('company', company.id, 'warehouse', wh.id, 'api_user', api.id)
PYEOF

# --- 4. template copy for fast per-test databases (`clone NAME`) -------------
# Must be taken while nothing is connected to $DB, i.e. before the server starts.
if ! server_alive; then
  if [ "$BACKEND" = sqlite ]; then
    [ -f "$HOME_DIR/${DB}_template.sqlite" ] || cp "$HOME_DIR/$DB.sqlite" "$HOME_DIR/${DB}_template.sqlite"
  elif [ -z "$(pg_sql "SELECT 1 FROM pg_database WHERE datname='${DB}_template'")" ]; then
    pg_sql "CREATE DATABASE ${DB}_template TEMPLATE $DB OWNER $PG_ROLE"
  fi
fi

# --- 5. server ---------------------------------------------------------------
if server_alive && server_cwd_gone; then
  log "server (pid $(cat "$PIDFILE")) runs in a deleted folder; restarting it"
  kill "$(cat "$PIDFILE")" 2>/dev/null
  for _ in $(seq 1 50); do server_alive || break; sleep 0.1; done
fi
if server_alive && server_answers; then
  log "server already running (pid $(cat "$PIDFILE"))"
else
  rm -f "$PIDFILE"
  server_answers && die "port $PORT answers but not our pidfile ($PIDFILE); set TRYTON_PORT"
  log "starting server on $URL (workers=$WORKERS)"
  if [ "$WORKERS" -gt 1 ]; then
    # started from its own folder (never the caller's, which may be a clone deleted later)
    ( cd "$HOME_DIR" && TRYTOND_CONFIG=$CONF TRYTOND_DATABASE_NAMES=$DB exec setsid nohup /usr/bin/gunicorn \
      -w "$WORKERS" -b "127.0.0.1:$PORT" --timeout 120 --pid "$PIDFILE" \
      trytond.application:app ) >"$LOG" 2>&1 </dev/null &
  else
    ( cd "$HOME_DIR" && exec setsid nohup $PY /usr/bin/trytond -c "$CONF" -d "$DB" --pidfile "$PIDFILE" ) \
      >"$LOG" 2>&1 </dev/null &
  fi
  for _ in $(seq 1 150); do server_answers && break; sleep 0.2; done
  server_answers || { tail -20 "$LOG" >&2; die "server did not come up"; }
fi

cat > "$HOME_DIR/env" <<EOF
TRYTON_URL=$URL
TRYTON_DB=$DB
TRYTON_LOGIN=$API_LOGIN
TRYTON_PASSWORD=$API_PASSWORD
EOF
log "ready in $(( $(date +%s) - T0 ))s"
echo "TRYTON_PORT=$PORT"
cat "$HOME_DIR/env"
echo "TRYTON_ADMIN_LOGIN=admin"
echo "TRYTON_ADMIN_PASSWORD=$ADMIN_PASSWORD   # only set when the DB is first initialised"
echo "TRYTON_CONF=$CONF"
echo "TRYTON_PIDFILE=$PIDFILE"

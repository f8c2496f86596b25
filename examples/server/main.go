// Command server is the minimal HTTPS server a platform starts from when it
// embeds vatkit: sellers enrol, log in, upload their Amazon, PayPal or
// spreadsheet files, check VAT numbers with VIES, build an OSS return and
// download it once, and erase their account; an operator sees PII-free
// counts only.
//
//	go run ./examples/server [-addr 127.0.0.1:8443] [-data DIR] [-cert F -key F]
//	                         [-operator-token-file F] [-vies-soap URL] [-fx eurofxref-hist.xml]
//	                         [-max-conns N] [-max-conns-per-client N] [-audit-retention 2160h]
//	go run ./examples/server -verify-audit -data DIR
//
// It serves TLS 1.2 or later only (a self-signed certificate is made at start
// unless -cert and -key are given), keeps the sealed data in an embedded
// SQLite file under -data (a new temporary folder when not given), the
// sellers' key material in a second file (DIR/keys.db) that backups of the
// folder should leave out, and the audit log in the database, keyed by
// DIR/audit.key, purged past -audit-retention every hour. -verify-audit
// checks that log and exits 0, or 1 naming the first bad entry. The
// seller's key exists only in the memory of a session: SIGINT or SIGTERM
// lets requests in flight finish, then wipes every session.
package main

import (
	"cmp"
	"context"
	"crypto/rand"
	"crypto/tls"
	"errors"
	"flag"
	"fmt"
	stdlog "log"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/vatkit/vatkit/vat"
	"github.com/vatkit/vatkit/vault"
	"github.com/vatkit/vatkit/vault/sqlstore"
	"github.com/vatkit/vatkit/vault/sqlstore/mysql"
	"github.com/vatkit/vatkit/vault/sqlstore/postgres"
	"github.com/vatkit/vatkit/vault/sqlstore/sqlite"
	"github.com/vatkit/vatkit/vies"
)

// flags are the command line.
type flags struct {
	addr, data, cert, key, viesSOAP, fx string
	store, keys                         string // "mysql:DSN" or "postgres:URL"; empty: SQLite files in data
	kdfFloor                            bool   // enrol at vault.Floor
	operator, operatorFile              string // the token itself, or a file holding it
	maxUpload                           int64
	maxConns, maxConnsPerClient         int
	verifyAudit                         bool          // check the audit log of -data and exit
	auditRetention                      time.Duration // at least vault.MinRetention
	params                              vault.Params  // zero: vault.DefaultParams; tests lower it to vault.Floor
}

func parseFlags(args []string) (flags, error) {
	var f flags
	fs := flag.NewFlagSet("server", flag.ContinueOnError)
	fs.StringVar(&f.addr, "addr", "127.0.0.1:8443", "address to serve HTTPS on")
	fs.StringVar(&f.data, "data", "", "folder for the SQLite files, the keys and the audit head (default: a new temporary folder)")
	fs.StringVar(&f.store, "store", "", "database of the sealed records and the audit log, instead of -data's vatkit.db: "+
		"mysql:DSN (MySQL or MariaDB, a Galera cluster's node too; user:pass@tcp(host:3306)/db) or postgres:URL (postgres://user:pass@host/db). "+
		"Servers behind one load balancer share it, and -data's tenant.key and audit.key")
	fs.StringVar(&f.keys, "keys", "", "database of the sellers' key material and login lookup, instead of -data's keys.db: "+
		"mysql:DSN or postgres:URL, another database than -store's (leave it out of bulk backups)")
	fs.BoolVar(&f.kdfFloor, "kdf-floor", false, "enrol sellers at the lowest Argon2id cost the vault accepts (19 MiB, t=2, p=1) "+
		"instead of 64 MiB, t=3, p=4: for small machines and tests")
	fs.StringVar(&f.cert, "cert", "", "PEM certificate chain (default: a self-signed certificate made at start)")
	fs.StringVar(&f.key, "key", "", "PEM private key of -cert")
	fs.StringVar(&f.operator, "operator-token", "", "bearer token of the operator endpoint, visible to every local user in ps: "+
		"prefer -operator-token-file or "+operatorTokenEnv+" (default: generated and printed)")
	fs.StringVar(&f.operatorFile, "operator-token-file", "", "file holding the operator's bearer token")
	fs.StringVar(&f.viesSOAP, "vies-soap", "", "VIES SOAP endpoint (default: the European Commission's)")
	fs.StringVar(&f.fx, "fx", "", "ECB reference rates (eurofxref-hist.xml) for amounts not in EUR (default: EUR only)")
	fs.Int64Var(&f.maxUpload, "max-upload", 64<<20, "largest upload accepted, in bytes")
	fs.IntVar(&f.maxConns, "max-conns", defaultMaxConns, "connections held open at most; more wait")
	fs.IntVar(&f.maxConnsPerClient, "max-conns-per-client", defaultMaxConnsPerClient,
		"connections held open at most from one client address (IPv6: one /64)")
	fs.BoolVar(&f.verifyAudit, "verify-audit", false, "check the audit log of -data, print the result and exit (1 naming the first bad entry)")
	fs.DurationVar(&f.auditRetention, "audit-retention", vault.MinRetention, "how long audit entries are kept (at least 2160h, 90 days)")
	if err := fs.Parse(args); err != nil {
		return f, err
	}
	if f.auditRetention < vault.MinRetention {
		return f, errors.New("server: -audit-retention must be at least 2160h (90 days)")
	}
	if f.verifyAudit && (f.data == "" || f.store != "") {
		return f, errors.New("server: -verify-audit needs -data DIR and reads its vatkit.db (not -store)")
	}
	if (f.store == "") != (f.keys == "") {
		return f, errors.New("server: -store and -keys go together")
	}
	if f.kdfFloor {
		f.params = vault.Floor
	}
	if (f.cert == "") != (f.key == "") {
		return f, errors.New("server: -cert and -key go together")
	}
	if f.maxConns < 1 || f.maxConnsPerClient < 1 {
		return f, errors.New("server: -max-conns and -max-conns-per-client must be at least 1")
	}
	return f, nil
}

func main() {
	log := slog.New(slog.NewJSONHandler(os.Stderr, nil))
	f, err := parseFlags(os.Args[1:])
	if errors.Is(err, flag.ErrHelp) {
		return
	}
	if err == nil && f.verifyAudit {
		err = verifyAudit(context.Background(), f.data, os.Stdout)
	} else if err == nil {
		ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
		err = run(ctx, f, log, nil)
		stop()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// run serves until ctx ends, then shuts down gracefully. ready, when not
// nil, receives the listening address (tests use it).
func run(ctx context.Context, f flags, log *slog.Logger, ready chan<- string) error {
	if f.data == "" {
		dir, err := os.MkdirTemp("", "vatkit-server-")
		if err != nil {
			return err
		}
		f.data = dir
	}
	tok, generated, err := loadOperatorToken(f, os.LookupEnv)
	if err != nil {
		return err
	}
	if generated {
		path, err := keepOperatorToken(f.data, tok)
		if err != nil {
			return err
		}
		fmt.Printf("operator token written to %s (readable by this user only; pass it back with -operator-token-file)\n", path)
	}
	f.operator = tok
	srv, closeAll, err := open(ctx, f, log)
	if err != nil {
		return err
	}
	defer closeAll()
	tlsCfg, err := tlsConfig(f)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", f.addr)
	if err != nil {
		return err
	}
	// No ReadTimeout: each request's body has its own read deadline, short
	// unless it is a seller's upload (see server.bodyDeadline).
	hs := &http.Server{
		Handler:           srv.Handler(),
		TLSConfig:         tlsCfg,
		ReadHeaderTimeout: 10 * time.Second,
		WriteTimeout:      5 * time.Minute, // a report over a year of rows
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    maxHeaderBytes,
		HTTP2:             &http.HTTP2Config{MaxConcurrentStreams: 32},
		ErrorLog:          stdlog.New(connErrors{log}, "", 0),
	}
	fmt.Printf("data: %s\nopen https://%s/\n", f.data, ln.Addr())
	if ready != nil {
		ready <- ln.Addr().String()
	}
	served := make(chan error, 1)
	limited := newLimitListener(ln, cmp.Or(f.maxConns, defaultMaxConns), cmp.Or(f.maxConnsPerClient, defaultMaxConnsPerClient))
	go func() { served <- hs.Serve(tls.NewListener(limited, tlsCfg)) }()
	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	log.Info("server: shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	return hs.Shutdown(sctx) // closeAll then wipes the sessions
}

// connErrors logs net/http's own errors (failed TLS handshakes, broken
// connections) as one fixed line: their text names the client's address,
// which this server keeps out of its logs like all personal data.
type connErrors struct{ log *slog.Logger }

func (c connErrors) Write(p []byte) (int, error) {
	c.log.Warn("server: connection error (details withheld: they name the client's address)")
	return len(p), nil
}

// open builds the server on the data folder and returns what closes it.
// The sealed records are in vatkit.db; the sellers' key material is in
// keys.db, which backups of the folder should leave out (see the vault
// package): a backup of vatkit.db taken before an erase cannot be opened
// after it.
func open(ctx context.Context, f flags, log *slog.Logger) (*server, func(), error) {
	if err := os.MkdirAll(f.data, 0o700); err != nil {
		return nil, nil, err
	}
	if err := os.Chmod(f.data, 0o700); err != nil {
		return nil, nil, err
	}
	var closers []func() error
	closeAll := func() {
		for i := len(closers) - 1; i >= 0; i-- {
			closers[i]()
		}
	}
	srv, err := build(ctx, f, log, &closers)
	if err != nil {
		closeAll()
		return nil, nil, err
	}
	return srv, func() { srv.Close(); closeAll() }, nil
}

// build opens the stores and files of the data folder, appending to
// closers what must be closed, and builds the server on them.
func build(ctx context.Context, f flags, log *slog.Logger, closers *[]func() error) (*server, error) {
	store, err := openStore(ctx, "-store", f.store, filepath.Join(f.data, "vatkit.db"))
	if err != nil {
		return nil, err
	}
	*closers = append(*closers, store.Close)
	keys, err := openStore(ctx, "-keys", f.keys, filepath.Join(f.data, "keys.db"))
	if err != nil {
		return nil, err
	}
	*closers = append(*closers, keys.Close)
	tenantKey, err := loadOrCreateKey(filepath.Join(f.data, "tenant.key"))
	if err != nil {
		return nil, err
	}
	auditKey, err := loadOrCreateKey(filepath.Join(f.data, auditKeyFile))
	if err != nil {
		return nil, err
	}
	audit, err := vault.OpenAudit(ctx, auditConfig(f.data, store, auditKey, f.auditRetention))
	if err != nil {
		return nil, fmt.Errorf("server: the audit log cannot be continued (see -verify-audit): %w", err)
	}
	fx, err := loadFX(f.fx)
	if err != nil {
		return nil, err
	}
	return newServer(config{
		FX:            fx,
		Store:         store,
		Keys:          keys,
		Audit:         audit,
		VIES:          &vies.Client{SOAPEndpoint: f.viesSOAP},
		Params:        f.params,
		OperatorToken: f.operator,
		TenantKey:     tenantKey,
		MaxUpload:     f.maxUpload,
		Logger:        log,
	})
}

// openStore opens the database a -store or -keys flag names, or the
// SQLite file when the flag is empty. Its errors never repeat the DSN,
// which may hold a password (the driver's name the host and user at most).
func openStore(ctx context.Context, flag, spec, file string) (*sqlstore.Store, error) {
	if spec == "" {
		return sqlite.Open(ctx, file)
	}
	var open func(context.Context, string, ...sqlstore.Option) (*sqlstore.Store, error)
	dialect, dsn, _ := strings.Cut(spec, ":")
	switch dialect {
	case "mysql":
		open = mysql.Open
	case "postgres":
		open = postgres.Open
	default:
		return nil, fmt.Errorf("server: %s: want mysql:DSN or postgres:URL", flag)
	}
	s, err := open(ctx, dsn)
	if err != nil {
		return nil, fmt.Errorf("server: %s: %s database: %w", flag, dialect, err)
	}
	return s, nil
}

// loadFX reads the ECB reference rates of -fx, or returns nil without it.
func loadFX(path string) (vat.FX, error) {
	if path == "" {
		return nil, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	t, err := vat.ParseECB(f)
	if err != nil {
		return nil, fmt.Errorf("server: -fx %s: %w", path, err)
	}
	return t, nil
}

// loadOrCreateKey reads a 32-byte key of the data folder (the key of the
// login lookup, or the audit key), making it on first start. Losing the
// first is losing the accounts, as losing the database is; losing the
// second is losing the means to verify the audit log.
func loadOrCreateKey(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if err == nil && len(b) == 32 {
		return b, nil
	}
	if err == nil || !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("server: key %s unreadable or not 32 bytes", path)
	}
	b = make([]byte, 32)
	rand.Read(b)
	if err := os.WriteFile(path, b, 0o600); err != nil {
		return nil, err
	}
	return b, nil
}

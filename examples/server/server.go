package main

import (
	"cmp"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"embed"
	"errors"
	"io/fs"
	"log/slog"
	"net/http"
	"time"

	"github.com/vatkit/vatkit/vat"
	"github.com/vatkit/vatkit/vault"
	"github.com/vatkit/vatkit/vies"
)

// config is what a server is built from. Zero fields get the defaults noted.
type config struct {
	Store vault.Store    // nil: in memory
	Keys  vault.KeyStore // per-seller key material that erase deletes; nil: Store
	Audit vault.AuditLog // every action is appended here; nil: in memory
	// Params are the Argon2id parameters of new accounts; zero means
	// vault.DefaultParams. MaxDerivations bounds concurrent logins (zero: 4);
	// the others queue.
	Params         vault.Params
	MaxDerivations int
	VIES           *vies.Client        // nil: the production VIES
	FX             vat.FX              // ECB reference rates; nil: every amount must be in EUR
	OperatorToken  string              // required
	TenantKey      []byte              // 32 bytes that key the login → tenant lookup (see logins); required
	Sessions       vault.ManagerConfig // idle timeout, lifetime; zero: vault's defaults
	MaxUpload      int64               // bytes; zero means 64 MiB
	// BodyTimeout is how long a request's body may take to arrive (zero:
	// 10 s); UploadTimeout replaces it for a logged-in seller's upload
	// (zero: 5 minutes, a large file on a slow line).
	BodyTimeout, UploadTimeout time.Duration
	Throttle                   throttleConfig // enrol and login; zero: its defaults
	Logger                     *slog.Logger   // nil: none
}

// server is the HTTP side of vatkit: it holds no key of its own, only the
// sessions that sellers open by logging in.
type server struct {
	cfg      config
	vault    *vault.Vault
	sessions *vault.Manager
	counter  *countingAudit    // the audit log, counted for the operator
	operator [sha256.Size]byte // hash of the operator token: the token is not kept
	csrfKey  []byte            // per process: a restart ends every session anyway
	throttle *throttle
	logins   logins       // login → tenant, in the key store
	jobs     *reportJobs  // reports being built in the background
	uploads  uploadTracks // uploads under way that the page follows
	log      *slog.Logger
	// stopMaintain ends maintainLoop.
	stopMaintain context.CancelFunc
}

//go:embed web
var web embed.FS

func newServer(cfg config) (*server, error) {
	if cfg.OperatorToken == "" || len(cfg.TenantKey) != 32 {
		return nil, errors.New("server: an operator token and a 32-byte tenant key are required")
	}
	if cfg.Audit == nil {
		cfg.Audit = new(vault.MemoryAudit)
	}
	if cfg.VIES == nil {
		cfg.VIES = new(vies.Client)
	}
	if cfg.MaxUpload <= 0 {
		cfg.MaxUpload = 64 << 20
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	cfg.BodyTimeout = cmp.Or(cfg.BodyTimeout, 10*time.Second)
	cfg.UploadTimeout = cmp.Or(cfg.UploadTimeout, 5*time.Minute)
	lookups, err := loginsOf(cfg)
	if err != nil {
		return nil, err
	}
	counter := newCountingAudit(cfg.Audit)
	v, err := vault.New(vault.Config{Store: cfg.Store, Keys: cfg.Keys, Params: cfg.Params,
		MaxDerivations: cfg.MaxDerivations, Audit: counter, Logger: cfg.Logger})
	if err != nil {
		return nil, err
	}
	s := &server{cfg: cfg, vault: v, sessions: vault.NewManager(v, cfg.Sessions),
		counter: counter, operator: sha256.Sum256([]byte(cfg.OperatorToken)),
		csrfKey: make([]byte, 32), log: cfg.Logger, logins: lookups, jobs: newReportJobs(),
		throttle: newThrottle(cfg.Throttle, cmp.Or(cfg.MaxDerivations, 4))}
	s.cfg.OperatorToken = "" // only the hash is kept
	rand.Read(s.csrfKey)
	maintainCtx, stop := context.WithCancel(context.Background())
	s.stopMaintain = stop
	go s.maintainLoop(maintainCtx)
	return s, nil
}

// Handler returns the routes, wrapped in the cross-origin check, the
// secure headers, the body read deadline and the request log.
func (s *server) Handler() http.Handler {
	mux := http.NewServeMux()
	static, _ := fs.Sub(web, "web")
	mux.Handle("GET /{$}", http.FileServerFS(static))
	mux.Handle("GET /app.js", http.FileServerFS(static))
	mux.Handle("GET /app.css", http.FileServerFS(static))

	mux.HandleFunc("POST /api/enroll", s.public(s.enroll))
	mux.HandleFunc("POST /api/login", s.public(s.login))
	mux.HandleFunc("POST /api/logout", s.seller(s.logout))
	mux.HandleFunc("POST /api/uploads", s.seller(s.slowBody(s.upload)))
	mux.HandleFunc("GET /api/uploads", s.seller(s.listUploads))
	mux.HandleFunc("GET /api/uploads/progress/{id}", s.seller(s.uploadProgress))
	mux.HandleFunc("DELETE /api/uploads/{id}", s.seller(s.undoUpload))
	mux.HandleFunc("POST /api/vies/check", s.seller(s.checkVIES))
	mux.HandleFunc("GET /api/seller", s.seller(s.getSeller))
	mux.HandleFunc("PUT /api/seller", s.seller(s.putSeller))
	mux.HandleFunc("POST /api/reports", s.seller(s.buildReport))
	mux.HandleFunc("GET /api/reports/{id}", s.seller(s.downloadReport))
	mux.HandleFunc("DELETE /api/account", s.seller(s.erase))
	mux.HandleFunc("GET /api/operator/stats", s.operatorOnly(s.stats))
	return s.logged(s.bodyDeadline(secureHeaders(crossOrigin(routed(mux)))))
}

// Close wipes every session. Reports not yet downloaded stay sealed in
// their seller's vault until downloaded, expired or erased.
func (s *server) Close() {
	s.stopMaintain()
	s.sessions.Close()
}

package paypal

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"
)

// PayPal's REST API base URLs (developer.paypal.com/api/rest/authentication).
const (
	LiveURL    = "https://api-m.paypal.com"
	SandboxURL = "https://api-m.sandbox.paypal.com"
)

// Config says how to reach PayPal for one seller's REST app. Only the
// credentials are required.
type Config struct {
	// BaseURL is LiveURL or SandboxURL; "" means LiveURL.
	BaseURL string

	ClientID     string // the REST app's client id
	ClientSecret Secret // the REST app's secret

	// HTTPClient makes every request; nil means a client with a
	// 60-second timeout.
	HTTPClient *http.Client
	// PageSize is the results per page, at most PayPal's 500 (the
	// default).
	PageSize int
	// MaxResults is the most results PayPal returns for one search; a
	// window with more is split. 0 means PayPal's 10,000.
	MaxResults int
	// Latency is how long PayPal may take to list a transaction: a pull
	// stops that long before now (default 3 h, PayPal's documented
	// maximum), so that a later pull does not miss late arrivals.
	Latency time.Duration
	// Retries is how often a throttled (429) or failed (5xx) search is
	// retried, with exponential back-off from RetryBackoff (defaults 5
	// and 1 s).
	Retries      int
	RetryBackoff time.Duration
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// Client searches one PayPal account's transactions. It is safe for
// concurrent use.
type Client struct {
	cfg  Config
	base string
	http *http.Client
	cc   *clientcredentials.Config
	tctx context.Context

	mu     sync.Mutex
	tokens oauth2.TokenSource
}

// New returns a Client. Access tokens come from
// POST /v1/oauth2/token by the client-credentials grant, through
// golang.org/x/oauth2/clientcredentials, and are reused until they
// expire or PayPal refuses one.
func New(cfg Config) (*Client, error) {
	if cfg.ClientID == "" || len(cfg.ClientSecret) == 0 {
		return nil, errors.New("paypal: ClientID and ClientSecret are required")
	}
	cfg = cfg.withDefaults()
	c := &Client{cfg: cfg, base: strings.TrimRight(cfg.BaseURL, "/"), http: cfg.HTTPClient}
	if c.http == nil {
		c.http = &http.Client{Timeout: 60 * time.Second}
	}
	c.cc = &clientcredentials.Config{
		ClientID: cfg.ClientID,
		// x/oauth2 takes strings; the copy lives only inside its config.
		ClientSecret: string(cfg.ClientSecret),
		TokenURL:     c.base + "/v1/oauth2/token",
		AuthStyle:    oauth2.AuthStyleInHeader,
	}
	// Token fetches outlive any one call: their context carries only the
	// HTTP client, whose timeout bounds each fetch.
	c.tctx = context.WithValue(context.Background(), oauth2.HTTPClient, c.http)
	c.tokens = c.cc.TokenSource(c.tctx)
	return c, nil
}

func (cfg Config) withDefaults() Config {
	if cfg.BaseURL == "" {
		cfg.BaseURL = LiveURL
	}
	if cfg.PageSize <= 0 || cfg.PageSize > 500 {
		cfg.PageSize = 500
	}
	if cfg.MaxResults <= 0 {
		cfg.MaxResults = 10_000
	}
	if cfg.Latency == 0 {
		cfg.Latency = 3 * time.Hour
	}
	if cfg.Retries == 0 {
		cfg.Retries = 5
	}
	if cfg.RetryBackoff <= 0 {
		cfg.RetryBackoff = time.Second
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return cfg
}

// token returns the current access token and the source it came from.
func (c *Client) token() (string, oauth2.TokenSource, error) {
	c.mu.Lock()
	ts := c.tokens
	c.mu.Unlock()
	tok, err := ts.Token()
	if err != nil {
		var re *oauth2.RetrieveError
		if errors.As(err, &re) {
			ae := &AuthError{Code: re.ErrorCode}
			if re.Response != nil {
				ae.Status = re.Response.StatusCode
			}
			return "", nil, ae
		}
		return "", nil, fmt.Errorf("paypal: token endpoint: %w", err)
	}
	return tok.AccessToken, ts, nil
}

// refused drops the token source whose token PayPal refused before its
// stated expiry (PayPal may end a token early), so that the next call
// fetches a new one; concurrent calls drop it only once.
func (c *Client) refused(ts oauth2.TokenSource) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.tokens == ts {
		c.tokens = c.cc.TokenSource(c.tctx)
	}
}

package amazon

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"golang.org/x/oauth2"
)

// The regional Selling Partner API endpoints
// (developer-docs.amazon.com/sp-api/docs/sp-api-endpoints).
const (
	EndpointEurope       = "https://sellingpartnerapi-eu.amazon.com"
	EndpointNorthAmerica = "https://sellingpartnerapi-na.amazon.com"
	EndpointFarEast      = "https://sellingpartnerapi-fe.amazon.com"
)

// TokenURL is Login with Amazon's token endpoint.
const TokenURL = "https://api.amazon.com/auth/o2/token"

// Config says how to reach the Selling Partner API for one seller. The
// zero value of every field but the credentials is useful: the European
// endpoint, Amazon's documented rate limits, polling every 30 s up to
// 2 minutes apart for at most an hour.
type Config struct {
	// Endpoint is the regional base URL; "" means EndpointEurope.
	Endpoint string
	// TokenURL is LWA's token endpoint; "" means TokenURL.
	TokenURL string

	ClientID     string // the LWA client id of the application
	ClientSecret Secret // the LWA client secret of the application
	RefreshToken Secret // the seller's authorisation of the application

	// HTTPClient makes every request; nil means a client with a
	// 60-second timeout per request (downloads excluded: they are bounded
	// by the context).
	HTTPClient *http.Client

	// PollInterval is the first wait between getReport calls; it doubles
	// up to MaxPollInterval (defaults 30 s and 2 min). MaxWait bounds the
	// whole wait for a report (default 1 h).
	PollInterval, MaxPollInterval, MaxWait time.Duration
	// Retries is how often a throttled (429) or failed (5xx) call is
	// retried, with exponential back-off from RetryBackoff and jitter
	// (defaults 6 and 1 s).
	Retries      int
	RetryBackoff time.Duration
	// Limits overrides the client-side token buckets per operation; nil
	// entries keep Amazon's documented defaults (see DefaultLimits).
	Limits map[string]Limit

	// Now is the clock, for the "before the 3rd" diagnosis; nil means
	// time.Now.
	Now func() time.Time
}

// Client calls the Selling Partner API for one seller. It is safe for
// concurrent use.
type Client struct {
	cfg      Config
	endpoint string
	http     *http.Client
	dl       *http.Client
	tokens   oauth2.TokenSource
	limits   *limiters
}

// New returns a Client. The access token is fetched on the first call
// and refreshed by golang.org/x/oauth2 before it expires (an hour).
func New(cfg Config) (*Client, error) {
	if cfg.ClientID == "" || len(cfg.ClientSecret) == 0 || len(cfg.RefreshToken) == 0 {
		return nil, errors.New("amazon: ClientID, ClientSecret and RefreshToken are required")
	}
	c := &Client{cfg: cfg.withDefaults()}
	c.endpoint = strings.TrimRight(c.cfg.Endpoint, "/")
	c.http = c.cfg.HTTPClient
	c.dl = c.cfg.HTTPClient
	if c.http == nil {
		c.http = &http.Client{Timeout: 60 * time.Second}
		c.dl = &http.Client{}
	}
	oc := &oauth2.Config{
		ClientID: cfg.ClientID,
		// x/oauth2 takes strings; the copies live only inside its config.
		ClientSecret: string(cfg.ClientSecret),
		Endpoint:     oauth2.Endpoint{TokenURL: c.cfg.TokenURL, AuthStyle: oauth2.AuthStyleInParams},
	}
	// The token source outlives any one call, so it gets a context of its
	// own that carries only the HTTP client; the client's timeout bounds
	// each refresh.
	tctx := context.WithValue(context.Background(), oauth2.HTTPClient, c.http)
	c.tokens = oc.TokenSource(tctx, &oauth2.Token{RefreshToken: string(cfg.RefreshToken)})
	c.limits = newLimiters(c.cfg.Limits)
	return c, nil
}

func (cfg Config) withDefaults() Config {
	if cfg.Endpoint == "" {
		cfg.Endpoint = EndpointEurope
	}
	if cfg.TokenURL == "" {
		cfg.TokenURL = TokenURL
	}
	if cfg.PollInterval <= 0 {
		cfg.PollInterval = 30 * time.Second
	}
	if cfg.MaxPollInterval <= 0 {
		cfg.MaxPollInterval = 2 * time.Minute
	}
	if cfg.MaxWait <= 0 {
		cfg.MaxWait = time.Hour
	}
	if cfg.Retries == 0 {
		cfg.Retries = 6
	}
	if cfg.RetryBackoff <= 0 {
		cfg.RetryBackoff = time.Second
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return cfg
}

// accessToken returns the current LWA access token, mapping a refused
// exchange to an *AuthError that carries LWA's error code only.
func (c *Client) accessToken() (string, error) {
	tok, err := c.tokens.Token()
	if err != nil {
		var re *oauth2.RetrieveError
		if errors.As(err, &re) {
			ae := &AuthError{Code: re.ErrorCode}
			if re.Response != nil {
				ae.Status = re.Response.StatusCode
			}
			return "", ae
		}
		// A transport error: its text names the URL, never a credential
		// (they travel in the request body).
		return "", fmt.Errorf("amazon: token endpoint: %w", err)
	}
	return tok.AccessToken, nil
}

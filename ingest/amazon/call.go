package amazon

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"github.com/vatkit/vatkit/internal/wait"
	"io"
	"net/http"
)

// maxBody caps an API answer read into memory (reports are downloaded
// separately, streamed).
const maxBody = 1 << 20

// call sends one Selling Partner API request for op, waiting for the
// operation's token bucket, and retries throttled (429) and failed (5xx)
// answers with exponential back-off and jitter. token is the access
// token to send: "" means the LWA access token, otherwise a restricted
// data token. The answer is decoded into out.
func (c *Client) call(ctx context.Context, op, method, path string, in, out any, token string) error {
	var body []byte
	if in != nil {
		var err error
		if body, err = json.Marshal(in); err != nil {
			return err
		}
	}
	backoff := c.cfg.RetryBackoff
	for attempt := 0; ; attempt++ {
		err := c.once(ctx, op, method, path, body, out, token)
		ae, ok := err.(*APIError)
		if !ok || (ae.Status != http.StatusTooManyRequests && ae.Status < 500) || attempt >= c.cfg.Retries {
			return err
		}
		pause := wait.Jitter(backoff)
		backoff *= 2
		if err := wait.Sleep(ctx, pause); err != nil {
			return err
		}
	}
}

func (c *Client) once(ctx context.Context, op, method, path string, body []byte, out any, token string) error {
	if err := c.limits.get(op).Wait(ctx); err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		// The bucket would not refill before ctx's deadline.
		return fmt.Errorf("amazon: %s: waiting for the rate limit: %w", op, context.DeadlineExceeded)
	}
	if token == "" {
		var err error
		if token, err = c.accessToken(); err != nil {
			return err
		}
	}
	req, err := http.NewRequestWithContext(ctx, method, c.endpoint+path, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("x-amz-access-token", token)
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	c.limits.adjust(op, resp.Header.Get("x-amzn-RateLimit-Limit"))
	raw, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err != nil {
		return err
	}
	if resp.StatusCode/100 != 2 {
		return &APIError{Op: op, Status: resp.StatusCode, Code: errorCode(raw)}
	}
	if err := json.Unmarshal(raw, out); err != nil {
		return &APIError{Op: op, Status: resp.StatusCode, Code: "malformed answer"}
	}
	return nil
}

// errorCode returns the code of the first error of an SP-API error body,
// {"errors":[{"code","message","details"}]}; the message is not kept, as
// it may quote the request.
func errorCode(raw []byte) string {
	var e struct {
		Errors []struct {
			Code string `json:"code"`
		} `json:"errors"`
	}
	if json.Unmarshal(raw, &e) != nil || len(e.Errors) == 0 {
		return ""
	}
	code := e.Errors[0].Code
	if len(code) > 64 {
		code = code[:64]
	}
	return code
}

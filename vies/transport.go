package vies

import (
	"context"
	"errors"
	"io"
	"net/http"
	"time"

	"github.com/vatkit/vatkit/vat"
)

// Transport selects the wire protocol a Client speaks.
type Transport int

const (
	// SOAP is the checkVatService SOAP 1.1 API, the default: the long-lived
	// contract, with checkVatApprox for consultation numbers.
	SOAP Transport = iota
	// REST is the JSON API introduced in 2022 (POST /check-vat-number,
	// GET /check-status). It has sometimes answered while SOAP for a member
	// state was overloaded (OCA/account-financial-tools PR #2154).
	REST
)

// Production endpoints (the Commission's VIES technical information,
// ec.europa.eu/taxation_customs/vies/#/technical-information). The WSDL still names an
// http:// address, which has answered with a redirect since 2020; the https
// address is used directly.
const (
	DefaultSOAPEndpoint = "https://ec.europa.eu/taxation_customs/vies/services/checkVatService"
	DefaultRESTEndpoint = "https://ec.europa.eu/taxation_customs/vies/rest-api"
)

// UserAgent is sent with every request, instead of gowsdl's "gowsdl/0.1" or
// Go's default, so that the service operators can tell this client apart.
const UserAgent = "vatkit-vies/1"

// maxAnswerBytes bounds every answer body. A real answer is under 2 KiB; a
// fault under 1 KiB. Anything longer is not VIES and is cut off.
const maxAnswerBytes = 64 << 10

// request is everything that leaves the process for one check: the country
// code and number, and the requester's own when configured. Nothing else.
type request struct {
	country          vat.Country // for errors only; not sent
	countryCode      string
	vatNumber        string
	requesterCountry string
	requesterNumber  string
}

// answer is a decoded VIES answer.
type answer struct {
	valid         bool
	date          time.Time
	name, address string
	consultation  string
}

// wire is one transport. check returns an *Error on failure.
type wire interface {
	check(ctx context.Context, r request) (answer, error)
}

// errTooLarge is returned by limitedBody past maxAnswerBytes.
var errTooLarge = errors.New("answer too large")

// limitedBody cuts a response body off at a limit with errTooLarge, so a
// hostile or broken server cannot make the decoder buffer without bound.
type limitedBody struct {
	r    io.ReadCloser
	left int64
}

func (l *limitedBody) Read(p []byte) (int, error) {
	if l.left <= 0 {
		return 0, errTooLarge
	}
	if int64(len(p)) > l.left {
		p = p[:l.left]
	}
	n, err := l.r.Read(p)
	l.left -= int64(n)
	return n, err
}

func (l *limitedBody) Close() error { return l.r.Close() }

func limitBody(resp *http.Response) {
	resp.Body = &limitedBody{r: resp.Body, left: maxAnswerBytes}
}

// classify turns a failure that is not a fault into an *Error: anything
// that happened while the caller's context or the network gave out is an
// outage; anything else came from decoding and is a protocol error.
func classify(ctx context.Context, c vat.Country, status int, err error, what string) *Error {
	var netErr interface{ Timeout() bool }
	switch {
	case errors.Is(err, errTooLarge):
		return protocolError(c, status, what+": answer too large")
	case ctx.Err() != nil:
		return unavailable(c, status, ctx.Err())
	case errors.As(err, &netErr), errors.Is(err, context.DeadlineExceeded), errors.Is(err, context.Canceled):
		return unavailable(c, status, err)
	}
	return protocolError(c, status, what)
}

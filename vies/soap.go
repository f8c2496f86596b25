package vies

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/hooklift/gowsdl/soap"
	"github.com/vatkit/vatkit/vies/internal/checkvat"
)

// soapWire speaks SOAP through the client gowsdl v0.5.0 generated from the
// WSDL, and works around that version's faults (gowsdl#202 and PR #252):
//
//  1. It sends a SOAPAction of two apostrophes, a non-empty action name,
//     and VIES has rejected any such name since 2021-10-28 (taxjar/vat_check
//     PR #7; gowsdl#202): soapDoer sends the header empty.
//  2. A fault sent with HTTP 500 surfaces as *soap.HTTPError with the raw
//     body: check decodes that body as a fault.
//  3. soap.XSDDate turns an unreadable date into the zero time without an
//     error: a zero date is refused as a protocol error.
//  4. Every request sets Close, so each check costs a new TCP and TLS
//     handshake: soapDoer clears it, restoring keep-alive.
//  5. It sends "User-Agent: gowsdl/0.1": soapDoer sends UserAgent.
//  6. A missing <valid> element decodes as false, which would turn a
//     broken answer into "invalid": a negative answer is only believed
//     when the body really says false (statesInvalid).
//
// It also bounds the answer body, which the runtime reads without limit.
type soapWire struct {
	port checkvat.CheckVatPortType
}

func newSOAPWire(endpoint string, hc *http.Client) *soapWire {
	c := soap.NewClient(endpoint, soap.WithHTTPClient(soapDoer{hc}))
	return &soapWire{port: checkvat.NewCheckVatPortType(c)}
}

// soapDoer is the soap.HTTPClient handed to the generated code: the one
// place where its requests can be corrected before they leave.
type soapDoer struct{ hc *http.Client }

// Do sends req with keep-alive, an empty SOAPAction and UserAgent, bounds
// the answer, and hands check a copy of it when asked (captureKey).
func (d soapDoer) Do(req *http.Request) (*http.Response, error) {
	req.Close = false
	req.Header.Set("SOAPAction", "")
	req.Header.Set("User-Agent", UserAgent)
	resp, err := d.hc.Do(req)
	if err != nil {
		return nil, err
	}
	limitBody(resp)
	if buf, ok := req.Context().Value(captureKey{}).(*bytes.Buffer); ok {
		resp.Body = teeBody{Reader: io.TeeReader(resp.Body, buf), Closer: resp.Body}
	}
	return resp, nil
}

// captureKey marks the context value through which check receives a copy
// of the answer body: the generated code's call is the only path between
// the two, and it passes the context on.
type captureKey struct{}

type teeBody struct {
	io.Reader
	io.Closer
}

func (w *soapWire) check(ctx context.Context, r request) (answer, error) {
	if r.requesterCountry != "" {
		return w.checkApprox(ctx, r)
	}
	var body bytes.Buffer
	resp, err := w.port.CheckVatContext(context.WithValue(ctx, captureKey{}, &body), &checkvat.CheckVat{
		CountryCode: r.countryCode,
		VatNumber:   r.vatNumber,
	})
	if err != nil {
		return answer{}, soapFailure(ctx, r, err)
	}
	if resp.XMLName.Local == "" {
		return answer{}, protocolError(r.country, http.StatusOK, "SOAP body without checkVatResponse")
	}
	return soapAnswer(r, resp.Valid, body.Bytes(), resp.RequestDate, answer{
		name:    disclosed(resp.Name),
		address: disclosed(resp.Address),
	})
}

// soapAnswer completes a from what both operations' answers share: valid
// stated as such (gowsdl decodes a missing element as false) and a readable
// request date.
func soapAnswer(r request, valid bool, body []byte, requestDate soap.XSDDate, a answer) (answer, error) {
	if !valid && !statesInvalid(body) {
		return answer{}, protocolError(r.country, http.StatusOK, "SOAP answer without valid")
	}
	date, ok := soapDate(requestDate)
	if !ok {
		return answer{}, protocolError(r.country, http.StatusOK, "missing or unreadable requestDate")
	}
	a.valid, a.date = valid, date
	return a, nil
}

// checkApprox asks checkVatApprox with only the requester's own number added,
// for the consultation number; no trader details are sent.
func (w *soapWire) checkApprox(ctx context.Context, r request) (answer, error) {
	var body bytes.Buffer
	resp, err := w.port.CheckVatApproxContext(context.WithValue(ctx, captureKey{}, &body), &checkvat.CheckVatApprox{
		CountryCode:          r.countryCode,
		VatNumber:            r.vatNumber,
		RequesterCountryCode: r.requesterCountry,
		RequesterVatNumber:   r.requesterNumber,
	})
	if err != nil {
		return answer{}, soapFailure(ctx, r, err)
	}
	if resp.XMLName.Local == "" {
		return answer{}, protocolError(r.country, http.StatusOK, "SOAP body without checkVatApproxResponse")
	}
	return soapAnswer(r, resp.Valid, body.Bytes(), resp.RequestDate, answer{
		name:         disclosed(resp.TraderName),
		address:      disclosed(&resp.TraderAddress),
		consultation: resp.RequestIdentifier,
	})
}

// soapDate works around soap.XSDDate, which yields the zero time for a
// missing or unreadable date instead of an error. The date is rebuilt in a
// fixed zone with the offset VIES gave, so it does not depend on the
// process's local zone.
func soapDate(d soap.XSDDate) (time.Time, bool) {
	t := d.ToGoTime()
	if t.IsZero() || t.Year() < 2000 {
		return time.Time{}, false
	}
	_, off := t.Zone()
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.FixedZone("", off)), true
}

// soapFailure maps what the generated client returned to an *Error.
func soapFailure(ctx context.Context, r request, err error) *Error {
	var fault *soap.SOAPFault
	if errors.As(err, &fault) {
		return faultError(r.country, fault.String, http.StatusOK)
	}
	var he *soap.HTTPError
	if errors.As(err, &he) {
		if f, ok := decodeFault(he.ResponseBody); ok {
			return faultError(r.country, f.String, he.StatusCode)
		}
		if he.StatusCode >= 500 || he.StatusCode == http.StatusTooManyRequests {
			return unavailable(r.country, he.StatusCode, errors.New("HTTP "+http.StatusText(he.StatusCode)))
		}
		return protocolError(r.country, he.StatusCode, "unexpected HTTP status")
	}
	return classify(ctx, r.country, 0, err, "cannot decode SOAP answer")
}

// decodeFault reads a SOAP fault from a body gowsdl left undecoded (an HTTP
// 500 answer), with the runtime's own envelope types so that both paths
// accept exactly the same XML.
func decodeFault(body []byte) (*soap.SOAPFault, bool) {
	env := soap.SOAPEnvelopeResponse{Body: soap.SOAPBodyResponse{
		Content: &struct{}{},
		Fault:   &soap.SOAPFault{},
	}}
	if err := xml.NewDecoder(bytes.NewReader(body)).Decode(&env); err != nil {
		return nil, false
	}
	var f *soap.SOAPFault
	if !errors.As(env.Body.ErrorFromFault(), &f) {
		return nil, false
	}
	return f, true
}

// typesNS is the namespace of checkVatService's elements.
const typesNS = "urn:ec.europa.eu:taxud:vies:services:checkVat:types"

// statesInvalid reports whether an answer body holds a <valid> element of
// checkVatService's namespace that says false. Only negative answers are
// scanned: a true cannot come from a missing element.
func statesInvalid(body []byte) bool {
	d := xml.NewDecoder(bytes.NewReader(body))
	for {
		tok, err := d.Token()
		if err != nil {
			return false
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Space == typesNS && se.Name.Local == "valid" {
			var v string
			if d.DecodeElement(&v, &se) != nil {
				return false
			}
			v = strings.TrimSpace(v)
			return v == "false" || v == "0"
		}
	}
}

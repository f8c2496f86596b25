package vies

import (
	"bytes"
	"context"
	"encoding/xml"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/hooklift/gowsdl/soap"
	"golang.org/x/time/rate"

	"github.com/vatkit/vatkit/vies/internal/checkvat"
	"github.com/vatkit/vatkit/vies/viestest"
)

// BenchmarkCheck measures a check against viestest over loopback. The floor
// is a bare net/http POST of the very SOAP body the client sent, to the same
// server, reading the whole answer.
func BenchmarkCheck(b *testing.B) {
	srv := newFake(b)
	srv.Set(numDE, viestest.Valid("Example GmbH", "Musterstr. 1\n12345 Musterstadt"))
	n := mustNumber(b, numDE)
	ctx := context.Background()
	b.Run("miss", func(b *testing.B) {
		c := &Client{SOAPEndpoint: srv.SOAPURL(), Rate: rate.Inf, ValidTTL: -1}
		b.ReportAllocs()
		for b.Loop() {
			if _, err := c.Check(ctx, n); err != nil {
				b.Fatal(err)
			}
		}
		reportRate(b, "checks/s")
	})
	b.Run("hit", func(b *testing.B) {
		c := &Client{SOAPEndpoint: srv.SOAPURL(), Rate: rate.Inf}
		if _, err := c.Check(ctx, n); err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		for b.Loop() {
			if r, err := c.Check(ctx, n); err != nil || r.Source != Cached {
				b.Fatal(r.Source, err)
			}
		}
		reportRate(b, "checks/s")
	})
	b.Run("floor/post", func(b *testing.B) {
		body := srv.Requests()[0].Body
		hc := defaultHTTPClient()
		b.ReportAllocs()
		for b.Loop() {
			req, _ := http.NewRequestWithContext(ctx, http.MethodPost, srv.SOAPURL(), bytes.NewReader(body))
			req.Header.Set("Content-Type", "text/xml; charset=utf-8")
			resp, err := hc.Do(req)
			if err != nil {
				b.Fatal(err)
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
		reportRate(b, "posts/s")
	})
}

func reportRate(b *testing.B, unit string) {
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), unit)
}

// minimalAnswer is the least a hand-written decoder would need.
type minimalAnswer struct {
	Body struct {
		Resp struct {
			RequestDate string `xml:"requestDate"`
			Valid       bool   `xml:"valid"`
			Name        string `xml:"name"`
			Address     string `xml:"address"`
		} `xml:"urn:ec.europa.eu:taxud:vies:services:checkVat:types checkVatResponse"`
	} `xml:"http://schemas.xmlsoap.org/soap/envelope/ Body"`
}

// BenchmarkDecodeSOAP measures decoding one answer. "decode" is the
// response side of the generated client alone (the soap runtime's envelope
// into the generated checkVatResponse, then this package's date and
// disclosure checks); "call" is the whole SOAP call without a socket
// (request encoding, the doer, decoding). The floor is a bare encoding/xml
// Unmarshal of the same bytes into a minimal struct.
func BenchmarkDecodeSOAP(b *testing.B) {
	body := fixture(b, "valid-env.xml")
	b.Run("decode", func(b *testing.B) {
		b.SetBytes(int64(len(body)))
		b.ReportAllocs()
		for b.Loop() {
			resp := new(checkvat.CheckVatResponse)
			env := soap.SOAPEnvelopeResponse{Body: soap.SOAPBodyResponse{Content: resp, Fault: &soap.SOAPFault{}}}
			if err := xml.NewDecoder(bytes.NewReader(body)).Decode(&env); err != nil || !resp.Valid {
				b.Fatal(err)
			}
			if _, ok := soapDate(resp.RequestDate); !ok || disclosed(resp.Name) == "" {
				b.Fatal("bad answer")
			}
		}
	})
	b.Run("call", func(b *testing.B) {
		w := newSOAPWire("http://vies.invalid/", &http.Client{Transport: bodyTransport{200, body}})
		b.SetBytes(int64(len(body)))
		b.ReportAllocs()
		for b.Loop() {
			if a, err := w.check(context.Background(), fuzzRequest); err != nil || !a.valid {
				b.Fatal(err)
			}
		}
	})
	b.Run("floor/xml.Unmarshal", func(b *testing.B) {
		b.SetBytes(int64(len(body)))
		b.ReportAllocs()
		for b.Loop() {
			var m minimalAnswer
			if err := xml.Unmarshal(body, &m); err != nil || !m.Body.Resp.Valid {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkCheckBatch is the target: 1,000 distinct numbers across
// 10 member states plus 300 repeats, 100 ms server latency, 5 concurrent
// checks per state allowed. The caps allow no less than 100/5 × 100 ms = 2 s;
// the run must stay within 1.25× that and make one call per distinct number.
func BenchmarkCheckBatch(b *testing.B) {
	const (
		countries, perCountry, stateCap = 10, 100, 5
		latency                         = 100 * time.Millisecond
	)
	srv := newFake(b)
	srv.SetDefault(viestest.Valid("", ""))
	srv.SetLatency(latency)
	srv.SetCountryCap(stateCap)
	numbers := madeUpNumbers(b, countries, perCountry)
	numbers = append(numbers, numbers[:300]...)
	floor := time.Duration(perCountry/stateCap) * latency
	var worst time.Duration
	for b.Loop() {
		srv.Reset()
		c := &Client{SOAPEndpoint: srv.SOAPURL(), PerCountry: stateCap, Rate: rate.Inf}
		start := time.Now()
		out := c.CheckBatch(context.Background(), numbers)
		worst = max(worst, time.Since(start))
		for i, r := range out {
			if r.Err != nil {
				b.Fatalf("input %d: %v", i, r.Err)
			}
		}
		if srv.Calls() != countries*perCountry {
			b.Fatalf("calls = %d, want %d", srv.Calls(), countries*perCountry)
		}
	}
	b.ReportMetric(float64(srv.Calls()), "calls")
	b.ReportMetric(worst.Seconds()/floor.Seconds(), "x-floor")
	b.ReportMetric(float64(len(numbers))/worst.Seconds(), "numbers/s")
	if worst > floor*5/4 {
		b.Errorf("worst run %v, over 1.25× the %v the caps allow", worst, floor)
	}
}
